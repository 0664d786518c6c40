import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EmbedCacheModule } from '../embed-cache/embed-cache.module';
import { LlmModule } from '../llm/llm.module';
import { ShutdownModule } from '../shutdown/shutdown.module';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), LlmModule, EmbedCacheModule, ShutdownModule],
  controllers: [HealthController],
})
export class HealthModule {}

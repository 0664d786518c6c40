import { Module } from '@nestjs/common';
import { EmbedCacheModule } from '../embed-cache/embed-cache.module';
import { LlmModule } from '../llm/llm.module';
import { PromptCacheModule } from '../prompt-cache/prompt-cache.module';
import { AskController } from './ask.controller';
import { AskService } from './ask.service';

@Module({
  imports: [PromptCacheModule, EmbedCacheModule, LlmModule],
  controllers: [AskController],
  providers: [AskService],
})
export class AskModule {}

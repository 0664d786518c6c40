import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { llmClientProvider } from './llm-client.provider';
import { LlmHealthIndicator } from './llm.health';
import { LlmService } from './llm.service';

@Module({
  imports: [TerminusModule],
  providers: [llmClientProvider, LlmService, LlmHealthIndicator],
  exports: [LlmService, LlmHealthIndicator],
})
export class LlmModule {}

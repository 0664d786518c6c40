import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { TerminusModule } from '@nestjs/terminus';
import { anthropicUpstreamProvider, openAiUpstreamProvider } from './openai-upstream.provider';
import { LlmHealthIndicator } from './llm.health';
import { LlmService } from './llm.service';

/** The one HTTP client to the model servers (undici), shared by /ask and the /v1 proxy. */
@Module({
  imports: [TerminusModule, AccessModule],
  providers: [openAiUpstreamProvider, anthropicUpstreamProvider, LlmService, LlmHealthIndicator],
  exports: [LlmService, LlmHealthIndicator],
})
export class LlmModule {}

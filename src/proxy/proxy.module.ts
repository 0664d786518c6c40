import { Module } from '@nestjs/common';
import { AnswerCacheModule } from '../answer-cache/answer-cache.module';
import { PromptCacheModule } from '../prompt-cache/prompt-cache.module';
import { ChatCompletionsController } from './chat-completions.controller';
import { ChatCompletionsService } from './chat-completions.service';
import { EmbeddingsController } from './embeddings.controller';
import { ModelsController } from './models.controller';
import { openAiUpstreamProvider } from './openai-upstream.provider';
import { ProxyMetrics } from './proxy-metrics';

/** The OpenAI-compatible caching proxy: point any OpenAI client's base URL at `<service>/v1`. */
@Module({
  imports: [AnswerCacheModule, PromptCacheModule],
  controllers: [ChatCompletionsController, EmbeddingsController, ModelsController],
  providers: [openAiUpstreamProvider, ChatCompletionsService, ProxyMetrics],
})
export class ProxyModule {}

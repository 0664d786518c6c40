import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AnswerCacheModule } from '../answer-cache/answer-cache.module';
import { LlmModule } from '../llm/llm.module';
import { ChatCompletionsController } from './chat/chat-completions.controller';
import { EmbeddingsController } from './embeddings/embeddings.controller';
import { ModelsController } from './models.controller';
import { ProxyMetrics } from './proxy-metrics';
import { ResponsesController } from './responses/responses.controller';

/** The OpenAI-compatible caching proxy: point any OpenAI client's base URL at `<service>/v1`. */
@Module({
  imports: [AccessModule, AnswerCacheModule, LlmModule],
  controllers: [ChatCompletionsController, ResponsesController, EmbeddingsController, ModelsController],
  providers: [ProxyMetrics],
})
export class ProxyModule {}

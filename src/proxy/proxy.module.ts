import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AnswerCacheModule } from '../answer-cache/answer-cache.module';
import { LlmModule } from '../llm/llm.module';
import { ChatCompletionsController } from './chat/chat-completions.controller';
import { EmbeddingsController } from './embeddings/embeddings.controller';
import { ForwardController } from './forward/forward.controller';
import { ModelsController } from './models.controller';
import { ProxyMetrics } from './proxy-metrics';

/** The OpenAI-compatible caching proxy: point any OpenAI client's base URL at `<service>/v1`. */
@Module({
  imports: [AccessModule, AnswerCacheModule, LlmModule],
  // ForwardController's /v1/* stays last: Fastify routes by specificity, not order, but Express would not.
  controllers: [ChatCompletionsController, EmbeddingsController, ModelsController, ForwardController],
  providers: [ProxyMetrics],
})
export class ProxyModule {}

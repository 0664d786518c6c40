import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AnswerCacheModule } from '../answer-cache/answer-cache.module';
import { LlmModule } from '../llm/llm.module';
import { ChatCompletionsController } from './chat/chat-completions.controller';
import { EmbeddingsController } from './embeddings/embeddings.controller';
import { MessagesController } from './messages/messages.controller';
import { ForwardController } from './forward/forward.controller';
import { ModelsController } from './models.controller';
import { ProxyMetrics } from './proxy-metrics';
import { ResponsesController } from './responses/responses.controller';

/**
 * The caching proxy: point any OpenAI client's base URL at `<service>/v1`, an Anthropic client's at
 * `<service>` (its SDKs add `/v1/messages`).
 */
@Module({
  imports: [AccessModule, AnswerCacheModule, LlmModule],
  // ForwardController's /v1/* stays last: Fastify routes by specificity, not order, but Express would not.
  controllers: [
    ChatCompletionsController,
    ResponsesController,
    MessagesController,
    EmbeddingsController,
    ModelsController,
    ForwardController,
  ],
  providers: [ProxyMetrics],
})
export class ProxyModule {}

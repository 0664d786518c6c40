import { Module } from '@nestjs/common';
import { EmbedCacheModule } from '../embed-cache/embed-cache.module';
import { PromptCacheModule } from '../prompt-cache/prompt-cache.module';
import { AnswerCacheService } from './answer-cache.service';

/** Both cache layers behind one lookup/store, for every front end (/ask, /v1 proxy). */
@Module({
  imports: [PromptCacheModule, EmbedCacheModule],
  providers: [AnswerCacheService],
  exports: [AnswerCacheService],
})
export class AnswerCacheModule {}

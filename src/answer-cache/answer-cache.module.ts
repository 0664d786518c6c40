import { Module } from '@nestjs/common';
import { EmbedCacheModule } from '../embed-cache/embed-cache.module';
import { PromptCacheModule } from '../prompt-cache/prompt-cache.module';
import { AnswerCacheService } from './answer-cache.service';
import { flightLockProvider } from './single-flight/flight-lock.provider';
import { SingleFlight } from './single-flight/single-flight.service';

/** The one use case, `resolve()`: both cache layers and single flight, for every front end (/ask, /v1 proxy). */
@Module({
  imports: [PromptCacheModule, EmbedCacheModule],
  providers: [AnswerCacheService, SingleFlight, flightLockProvider],
  exports: [AnswerCacheService],
})
export class AnswerCacheModule {}

import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CircuitBreakersHealthIndicator } from './circuit-breakers.health';
import { CircuitBreakers } from './circuit-breakers.service';

/** The circuit breakers of the embedder, the upstream and Redis, for whichever module calls them. */
@Global()
@Module({
  imports: [TerminusModule],
  providers: [CircuitBreakers, CircuitBreakersHealthIndicator],
  exports: [CircuitBreakers, CircuitBreakersHealthIndicator],
})
export class ResilienceModule {}

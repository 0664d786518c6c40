import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BackgroundWork } from './background-work';
import { ShutdownHealthIndicator } from './shutdown.health';
import { ShutdownState } from './shutdown-state';

/** What graceful shutdown sets (the state readiness reads) and waits for (work after the responses). */
@Global()
@Module({
  imports: [TerminusModule],
  providers: [ShutdownState, ShutdownHealthIndicator, BackgroundWork],
  exports: [ShutdownState, ShutdownHealthIndicator, BackgroundWork],
})
export class ShutdownModule {}

import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SemanticIndexConfig } from '../config/semantic-index.config';
import { VectorIndex } from './vector-index.port';

/**
 * Drops expired entries from the in-process index every SEMANTIC_SWEEP_INTERVAL_S: queries drop
 * the ones they meet, but a partition nobody asks about would otherwise keep its memory forever.
 */
@Injectable()
export class SemanticIndexSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SemanticIndexSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly index: VectorIndex,
    private readonly config: SemanticIndexConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.sweepIntervalMs).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One sweep; resolves how many entries it dropped (0 when it failed, which is logged). */
  async sweep(): Promise<number> {
    try {
      const dropped = await this.index.sweepExpired();
      if (dropped > 0) this.logger.log(`Dropped ${dropped} expired semantic entries`);
      return dropped;
    } catch (error) {
      this.logger.warn(`Sweeping expired semantic entries failed: ${(error as Error).message}`);
      return 0;
    }
  }
}

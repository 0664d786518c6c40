import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SemanticIndexConfig } from '../config/semantic-index.config';
import { VectorIndex } from './vector-index.port';

/**
 * Periodic upkeep of the in-process index. Sweeps: queries drop the expired entries they meet,
 * but a partition nobody asks about would otherwise keep its memory forever. Snapshots: so a
 * restart loads the index instead of rebuilding it (the adapter writes one more at shutdown).
 */
@Injectable()
export class SemanticIndexMaintenance implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SemanticIndexMaintenance.name);
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly index: VectorIndex,
    private readonly config: SemanticIndexConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timers.push(setInterval(() => void this.sweep(), this.config.sweepIntervalMs).unref());
    if (this.config.snapshotDir !== undefined) {
      this.timers.push(setInterval(() => void this.snapshot(), this.config.snapshotIntervalMs).unref());
    }
  }

  onApplicationShutdown(): void {
    this.timers.forEach(clearInterval);
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

  /** One snapshot; resolves its entry count, undefined when none was written (failures are logged). */
  async snapshot(): Promise<number | undefined> {
    try {
      return await this.index.persistSnapshot();
    } catch (error) {
      this.logger.warn(`Writing the semantic index snapshot failed: ${(error as Error).message}`);
      return undefined;
    }
  }
}

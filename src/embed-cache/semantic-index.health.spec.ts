import { HealthIndicatorService } from '@nestjs/terminus';
import { EmbedConfig } from '../config/embed.config';
import { Environment } from '../config/environment';
import { SemanticVerifyConfig } from '../config/semantic-verify.config';
import type { MetricsService } from '../metrics/metrics.service';
import { LexicalEmbedder } from '../embedding/adapters/lexical-embedder';
import { CircuitBreaker } from '../resilience/circuit-breaker';
import type { CircuitBreakers } from '../resilience/circuit-breakers.service';
import { MemoryVectorIndex } from '../vector-index/adapters/memory-vector-index';
import { EmbedCacheService } from './embed-cache.service';
import { SemanticIndexHealthIndicator } from './semantic-index.health';
import { NoVerifier } from './verifier/adapters/no-verifier';
import { EntryCalibrationService } from './calibration/entry-calibration.service';
import { HitVerification } from './verifier/hit-verification.service';

/** A real memory index whose boot load ends when the test says so. */
class GatedIndex extends MemoryVectorIndex {
  release!: (outcome?: Error) => void;
  override load(): Promise<number> {
    return new Promise((resolve, reject) => (this.release = (outcome) => (outcome ? reject(outcome) : resolve(0))));
  }
}

describe(SemanticIndexHealthIndicator.name, () => {
  const metrics = {
    registerEntryCounter: () => undefined,
    registerSemanticAnalytics: () => undefined,
  } as unknown as MetricsService;
  let index: GatedIndex;
  let embedCache: EmbedCacheService;
  let sut: SemanticIndexHealthIndicator;

  beforeEach(() => {
    index = new GatedIndex({ maxEntries: 100, ttlSeconds: 60 });
    const env = new Environment();
    const verification = new HitVerification(new NoVerifier(), new SemanticVerifyConfig(env), metrics);
    const breakers = {
      for: () => new CircuitBreaker('embedder', { failureThreshold: 0, halfOpenAfterMs: 1 }),
    } as unknown as CircuitBreakers;
    embedCache = new EmbedCacheService(
      new LexicalEmbedder(),
      index,
      new EmbedConfig(env),
      metrics,
      verification,
      breakers,
      new EntryCalibrationService(index, new SemanticVerifyConfig(env)),
    );
    sut = new SemanticIndexHealthIndicator(new HealthIndicatorService(), embedCache);
    embedCache.onApplicationBootstrap();
  });

  it('reports down while the index is loading, up once loaded', async () => {
    expect(sut.isHealthy()).toEqual({ semanticIndex: { status: 'down', state: 'loading' } });
    index.release();
    await embedCache.whenLoaded();
    expect(sut.isHealthy()).toEqual({ semanticIndex: { status: 'up' } });
  });

  it('reports down when the load failed', async () => {
    index.release(new Error('redis went away'));
    await embedCache.whenLoaded();
    expect(sut.isHealthy()).toEqual({ semanticIndex: { status: 'down', state: 'failed' } });
  });
});

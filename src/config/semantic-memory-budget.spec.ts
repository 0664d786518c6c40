import 'reflect-metadata';
import { SemanticIndexConfig } from './semantic-index.config';
import { bytesPerSemanticEntry, replicaMemoryBytes, semanticEntriesFor } from './semantic-memory-budget';
import { validateEnvironment } from './validate-environment';

const GIB = 1024 ** 3;
const mirror384 = { dimensions: 384, quantization: 'f32', holdsAnswers: false } as const;

describe('semantic memory budget', () => {
  describe(replicaMemoryBytes.name, () => {
    it('takes the cgroup limit when it is below the machine memory', () => {
      expect(replicaMemoryBytes(() => `${2 * GIB}\n`, 16 * GIB)).toBe(2 * GIB);
    });

    it('takes the machine memory when the cgroup is unlimited, missing or above it', () => {
      expect(replicaMemoryBytes(() => 'max\n', 16 * GIB)).toBe(16 * GIB);
      expect(
        replicaMemoryBytes(() => {
          throw new Error('ENOENT');
        }, 16 * GIB),
      ).toBe(16 * GIB);
      expect(replicaMemoryBytes(() => `${64 * GIB}`, 16 * GIB)).toBe(16 * GIB);
    });
  });

  describe(bytesPerSemanticEntry.name, () => {
    it('counts fewer bytes for a quantised graph and more when the entry holds its answer', () => {
      const f32 = bytesPerSemanticEntry(mirror384);
      expect(bytesPerSemanticEntry({ ...mirror384, quantization: 'i8' })).toBe(f32 - 3 * 384);
      expect(bytesPerSemanticEntry({ ...mirror384, holdsAnswers: true })).toBeGreaterThan(f32 + 4 * 384);
    });
  });

  describe(semanticEntriesFor.name, () => {
    it('fills a quarter of the memory', () => {
      const entries = semanticEntriesFor(4 * GIB, mirror384);
      expect(entries).toBe(Math.floor(GIB / bytesPerSemanticEntry(mirror384)));
      expect(semanticEntriesFor(8 * GIB, mirror384)).toBeGreaterThanOrEqual(2 * entries);
    });
  });

  describe('SEMANTIC_MAX_TOTAL_ENTRIES', () => {
    const configFrom = (raw: Record<string, string>) =>
      new SemanticIndexConfig(validateEnvironment(raw), () => 4 * GIB);

    it('is taken as given, 0 meaning unbounded', () => {
      expect(configFrom({ SEMANTIC_MAX_TOTAL_ENTRIES: '1000' }).maxTotalEntries).toBe(1000);
      expect(configFrom({ SEMANTIC_MAX_TOTAL_ENTRIES: '0' }).maxTotalEntries).toBe(0);
    });

    it('is sized from the memory, the vector length and the quantisation when unset', () => {
      const redis = { REDIS_URL: 'redis://localhost:6379' };
      expect(configFrom({ ...redis, EMBED_DIMENSIONS: '384' }).maxTotalEntries).toBe(
        semanticEntriesFor(4 * GIB, mirror384),
      );
      expect(configFrom({ ...redis, EMBED_DIMENSIONS: '384', VECTOR_QUANTIZATION: 'int8' }).maxTotalEntries).toBe(
        semanticEntriesFor(4 * GIB, { ...mirror384, quantization: 'i8' }),
      );
      expect(configFrom({}).maxTotalEntries).toBe(
        semanticEntriesFor(4 * GIB, { dimensions: 1536, quantization: 'f32', holdsAnswers: true }),
      );
    });

    it('rejects a negative bound', () => {
      expect(() => validateEnvironment({ SEMANTIC_MAX_TOTAL_ENTRIES: '-1' })).toThrow(/SEMANTIC_MAX_TOTAL_ENTRIES/);
    });
  });
});

import { Environment } from '../../config/environment';
import { SemanticVerifyConfig } from '../../config/semantic-verify.config';
import { MemoryVectorIndex } from '../../vector-index/adapters/memory-vector-index';
import { SemanticEntry } from '../../vector-index/vector-index.port';
import { EntryCalibrationService } from './entry-calibration.service';

const entry: SemanticEntry = {
  id: 'x',
  namespace: 'ns',
  partition: 'p',
  embedderId: 'e',
  question: 'q',
  answer: 'a',
  model: 'm',
  createdAt: 1,
  tokens: 1,
  vector: Float32Array.from([1, 0]),
};

describe(EntryCalibrationService.name, () => {
  let index: MemoryVectorIndex;
  let sut: EntryCalibrationService;
  const wrong = (similarity: number) => ({ similarity, correct: false, source: 'feedback' as const });

  beforeEach(async () => {
    index = new MemoryVectorIndex({ maxEntries: 10, ttlSeconds: 0 });
    const env = Object.assign(new Environment(), { SEMANTIC_FEEDBACK_EVICT_AFTER: 2 });
    sut = new EntryCalibrationService(index, new SemanticVerifyConfig(env));
    await index.upsert(entry);
  });

  it('stores a threshold above a wrong report, read back with the entry', async () => {
    const result = await sut.learn(entry, wrong(0.9), 0.8);

    expect(result).toEqual({ threshold: 0.911, wrong: 1, right: 0, evicted: false });
    expect((await index.get('ns', 'x'))?.calibration?.minSimilarity).toBe(0.911);
  });

  it('deletes the entry on the wrong report after SEMANTIC_FEEDBACK_EVICT_AFTER', async () => {
    for (const similarity of [0.85, 0.86]) await sut.learn((await index.get('ns', 'x'))!, wrong(similarity), 0.8);

    const third = await sut.learn((await index.get('ns', 'x'))!, wrong(0.87), 0.8);

    expect(third.evicted).toBe(true);
    expect(await index.get('ns', 'x')).toBeUndefined();
  });

  it('deletes the entry when reported wrong for a question as close as the cached one', async () => {
    expect((await sut.learn(entry, wrong(1), 0.8)).evicted).toBe(true);
    expect(await index.get('ns', 'x')).toBeUndefined();
  });

  it('counts verifier rejections in the threshold but not towards eviction', async () => {
    const result = await sut.learn(entry, { similarity: 0.9, correct: false, source: 'verifier' }, 0.8);

    expect(result).toMatchObject({ wrong: 0, evicted: false });
    expect(result.threshold).toBeGreaterThan(0.9);
  });
});

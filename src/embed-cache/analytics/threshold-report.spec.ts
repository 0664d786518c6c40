import { SimilarityStats } from './similarity-stats';
import { MIN_LOOKUPS, thresholdReport } from './threshold-report';

const settings = { threshold: 0.9, band: 0.05, maxErrorRate: 0.02 };

function statsWith(decisions: ['served' | 'verified' | 'rejected' | 'near_miss', number][], lookups = MIN_LOOKUPS) {
  const stats = new SimilarityStats();
  for (let i = 0; i < lookups; i++) stats.lookup('ns');
  for (const [decision, similarity] of decisions) stats.candidate('ns', decision, similarity, 0.85);
  return stats;
}

describe('thresholdReport', () => {
  it('keeps the threshold without enough lookups, saying so', () => {
    const sut = thresholdReport('ns', statsWith([['served', 0.95]], 3).namespace('ns')!, settings);

    expect(sut).toMatchObject({
      lookups: 3,
      recommendedThreshold: 0.9,
      reason: expect.stringMatching(/not enough evidence/) as string,
    });
  });

  it('gives rates per lookup and the mean distance of near misses', () => {
    const stats = statsWith([
      ['served', 0.95],
      ['verified', 0.87],
      ['rejected', 0.86],
      ['near_miss', 0.83],
    ]);

    const sut = thresholdReport('ns', stats.namespace('ns')!, settings);

    expect(sut.rates).toEqual({ hit: 0.04, uncertain: 0.04, verified: 0.02, nearMiss: 0.02 });
    expect(sut.nearMissDistance).toBeCloseTo(0.02, 6);
  });

  it('recommends raising the threshold when wrong reports exceed the error rate', () => {
    const stats = statsWith([['served', 0.95]]);
    stats.report('ns', false);

    expect(thresholdReport('ns', stats.namespace('ns')!, settings)).toMatchObject({
      recommendedThreshold: 0.95,
      reason: expect.stringMatching(/exceed SEMANTIC_MAX_ERROR_RATE/) as string,
    });
  });

  it("recommends the band's floor when the verifier accepts nearly every band candidate", () => {
    const stats = statsWith(Array.from({ length: 20 }, (): ['verified', number] => ['verified', 0.88]));

    expect(thresholdReport('ns', stats.namespace('ns')!, settings)).toMatchObject({
      recommendedThreshold: 0.85,
      reason: expect.stringMatching(/accepted 100.0 % of 20/) as string,
    });
  });
});

describe(SimilarityStats.name, () => {
  it('lists the entries with the most hits first and forgets evicted ones', () => {
    const sut = new SimilarityStats();
    for (const key of ['a', 'b', 'b', 'c', 'b', 'a']) sut.hit(key);
    sut.forget('c');

    expect(sut.topEntries(2)).toEqual([
      { key: 'b', hits: 3 },
      { key: 'a', hits: 2 },
    ]);
    expect(sut.entriesHit()).toBe(2);
  });
});

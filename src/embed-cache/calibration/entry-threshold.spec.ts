import fc from 'fast-check';
import {
  addOutcome,
  entryThreshold,
  MAX_BUCKETS,
  OutcomeBucket,
  priorWeight,
  wilsonUpperBound,
} from './entry-threshold';

const policy = { floor: 0.9, maxErrorRate: 0.02, raiseMargin: 0.01 };

function outcomes(list: [number, boolean][]): OutcomeBucket[] {
  return list.reduce<OutcomeBucket[]>((buckets, [similarity, correct]) => addOutcome(buckets, similarity, correct), []);
}

const outcome = fc.tuple(fc.double({ min: 0.5, max: 1, noNaN: true }), fc.boolean());

describe('entryThreshold', () => {
  it('is the floor for an entry without outcomes', () => {
    expect(entryThreshold([], policy)).toBe(0.9);
  });

  it('rises above the similarity of a wrong outcome by the raise margin', () => {
    expect(entryThreshold(outcomes([[0.934, false]]), policy)).toBeCloseTo(0.945, 6);
  });

  it('relaxes back to the floor once enough correct outcomes above a wrong one outweigh it', () => {
    const wrong: [number, boolean][] = [[0.95, false]];
    const many = Array.from({ length: 400 }, (): [number, boolean] => [0.97, true]);

    expect(entryThreshold(outcomes(wrong), policy)).toBeGreaterThan(0.95);
    expect(entryThreshold(outcomes([...wrong, ...many]), policy)).toBe(0.9);
  });

  it('never goes below the floor nor above 1', () => {
    fc.assert(
      fc.property(fc.array(outcome, { maxLength: 60 }), (list) => {
        const threshold = entryThreshold(outcomes(list), policy);
        expect(threshold).toBeGreaterThanOrEqual(policy.floor);
        expect(threshold).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('never falls when one more wrong outcome is reported', () => {
    fc.assert(
      fc.property(
        fc.array(outcome, { maxLength: MAX_BUCKETS - 1 }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        (list, s) => {
          const before = outcomes(list);
          expect(entryThreshold(addOutcome(before, s, false), policy)).toBeGreaterThanOrEqual(
            entryThreshold(before, policy),
          );
        },
      ),
    );
  });

  it('never rises when one more correct outcome is reported', () => {
    fc.assert(
      fc.property(
        fc.array(outcome, { maxLength: MAX_BUCKETS - 1 }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        (list, s) => {
          const before = outcomes(list);
          expect(entryThreshold(addOutcome(before, s, true), policy)).toBeLessThanOrEqual(
            entryThreshold(before, policy),
          );
        },
      ),
    );
  });
});

describe('addOutcome', () => {
  it('keeps at most MAX_BUCKETS buckets and every wrong outcome', () => {
    const list = Array.from({ length: 100 }, (_, i): [number, boolean] => [0.5 + i / 250, i % 3 === 0]);
    const buckets = outcomes(list);
    expect(buckets.length).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(buckets.reduce((sum, b) => sum + b.wrong, 0)).toBe(66);
  });
});

describe('wilsonUpperBound', () => {
  it('meets the target at the prior weight without errors, and not with one', () => {
    const n = priorWeight(0.02);
    expect(wilsonUpperBound(0, n)).toBeLessThanOrEqual(0.02);
    expect(wilsonUpperBound(1, n + 1)).toBeGreaterThan(0.02);
  });
});

import { Environment } from '../../config/environment';
import { SemanticVerifyConfig } from '../../config/semantic-verify.config';
import type { MetricsService } from '../../metrics/metrics.service';
import { SemanticMatch } from '../../vector-index/vector-index.port';
import { EntryCalibrationService } from '../calibration/entry-calibration.service';
import { HitVerification } from './hit-verification.service';
import { Verdict, Verifier } from './verifier.port';

class ScriptedVerifier extends Verifier {
  readonly kind = 'llm';
  readonly asked: string[] = [];
  constructor(private readonly answer: () => Promise<Verdict>) {
    super();
  }
  verify({ question }: { question: string }): Promise<Verdict> {
    this.asked.push(question);
    return this.answer();
  }
}

const match = (similarity: number): SemanticMatch =>
  ({ entry: { question: 'What is caching?' }, similarity }) as unknown as SemanticMatch;

describe(HitVerification.name, () => {
  const config = (env: Partial<Environment> = {}) => new SemanticVerifyConfig(Object.assign(new Environment(), env));
  const make = (answer: () => Promise<Verdict>, env: Partial<Environment> = { SEMANTIC_UNCERTAINTY_BAND: 0.1 }) => {
    const recordVerification = jest.fn();
    const verifier = new ScriptedVerifier(answer);
    const metrics = { recordVerification } as unknown as MetricsService;
    return { verifier, recordVerification, sut: new HitVerification(verifier, config(env), metrics) };
  };

  it('teaches the entry its threshold from accepts and rejects, not from errors', async () => {
    const learnInBackground = jest.fn<void, [unknown, number, boolean, number]>();
    const calibration = { learnInBackground } as unknown as EntryCalibrationService;
    const metrics = { recordVerification: jest.fn() } as unknown as MetricsService;
    const env = config({ SEMANTIC_UNCERTAINTY_BAND: 0.1 });
    const verdicts: Verdict[] = ['rejected', 'error', 'accepted'];
    const sut = new HitVerification(
      new ScriptedVerifier(() => Promise.resolve(verdicts.shift()!)),
      env,
      metrics,
      calibration,
    );

    for (let i = 0; i < 3; i++) await sut.admit('Explain caching', match(0.85), 0.9);

    const learnt = learnInBackground.mock.calls;
    expect(learnt.map(([, similarity, correct, floor]) => [similarity, correct, floor])).toEqual([
      [0.85, false, expect.closeTo(0.8, 9)],
      [0.85, true, expect.closeTo(0.8, 9)],
    ]);
  });

  it('serves a candidate above the threshold without asking the verifier', async () => {
    const { sut, verifier } = make(() => Promise.resolve('rejected'));

    expect(await sut.admit('Explain caching', match(0.95), 0.9)).toMatchObject({ similarity: 0.95, verified: false });
    expect(verifier.asked).toEqual([]);
  });

  it('serves a candidate in the band only when accepted, and counts each decision', async () => {
    const accepted = make(() => Promise.resolve('accepted'));
    const rejected = make(() => Promise.resolve('rejected'));

    expect(await accepted.sut.admit('Explain caching', match(0.85), 0.9)).toMatchObject({ verified: true });
    expect(await rejected.sut.admit('Explain caching', match(0.85), 0.9)).toBeUndefined();
    expect(accepted.recordVerification).toHaveBeenCalledWith('llm', 'accepted');
    expect(rejected.recordVerification).toHaveBeenCalledWith('llm', 'rejected');
  });

  it('misses, counting an error, when the verifier fails or breaks its promise not to throw', async () => {
    const failed = make(() => Promise.resolve('error'));
    const threw = make(() => Promise.reject(new Error('bug')));

    expect(await failed.sut.admit('Explain caching', match(0.85), 0.9)).toBeUndefined();
    expect(await threw.sut.admit('Explain caching', match(0.85), 0.9)).toBeUndefined();
    expect(threw.recordVerification).toHaveBeenCalledWith('llm', 'error');
  });

  it('misses below the band without asking', async () => {
    const { sut, verifier } = make(() => Promise.resolve('accepted'));

    expect(await sut.admit('Explain caching', match(0.79), 0.9)).toBeUndefined();
    expect(verifier.asked).toEqual([]);
  });

  it('with SEMANTIC_VERIFY=all verifies candidates above the threshold too', async () => {
    const { sut } = make(() => Promise.resolve('rejected'), { SEMANTIC_VERIFY: 'all' });

    expect(sut.verifiesEveryHit).toBe(true);
    expect(await sut.admit('Explain caching', match(0.99), 0.9)).toBeUndefined();
  });

  it('looks down to the band, or only to a stricter requested threshold', () => {
    const { sut } = make(() => Promise.resolve('accepted'));

    expect(sut.floor(0.9)).toBeCloseTo(0.8, 10);
    expect(sut.floor(0.9, 0.95)).toBe(0.95);
  });
});

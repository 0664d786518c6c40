import { Verdict, Verifier } from '../../src/embed-cache/verifier/verifier.port';
import { PARAPHRASE_GROUPS } from '../support/fake-verifier';

export interface VerifierHarness {
  makeSut: () => Verifier;
  /** The adapter with its judge failing (upstream down); omitted for an adapter that has none to fail. */
  makeFailing?: () => Verifier;
  /** False for `none`, which accepts whatever the threshold lets through. */
  judges: boolean;
}

const candidate = (question: string, cachedQuestion: string) => ({ question, cachedQuestion, similarity: 0.9 });
const VERDICTS: Verdict[] = ['accepted', 'rejected', 'error'];

/** What every Verifier adapter must do. */
export function verifierContract(name: string, harness: VerifierHarness): void {
  describe(`Verifier contract: ${name}`, () => {
    let sut: Verifier;

    beforeEach(() => {
      sut = harness.makeSut();
    });

    it('names itself with one of the SEMANTIC_VERIFIER values', () => {
      expect(['guard', 'llm', 'none']).toContain(sut.kind);
    });

    it('accepts identical questions', async () => {
      expect(await sut.verify(candidate('What is caching?', 'What is caching?'))).toBe('accepted');
    });

    it('accepts a paraphrase of the same question', async () => {
      const [cached, asked] = PARAPHRASE_GROUPS[0];
      expect(await sut.verify(candidate(asked, cached))).toBe('accepted');
    });

    it('gives the same verdict to the same candidate', async () => {
      const pair = candidate('How do I reset my router?', 'How do I reset my password?');
      expect(await sut.verify(pair)).toBe(await sut.verify(pair));
    });

    it('resolves a verdict for any text, empty and emoji included, without throwing', async () => {
      for (const [a, b] of [
        ['', ''],
        ['🙂?', '🙂'],
        ['x'.repeat(2000), '什麼是快取？'],
      ])
        expect(VERDICTS).toContain(await sut.verify(candidate(a, b)));
    });

    if (harness.judges) {
      it('rejects a look-alike that asks about another number', async () => {
        expect(await sut.verify(candidate('What is 2+3?', 'What is 2+2?'))).toBe('rejected');
      });
    }

    if (harness.makeFailing) {
      const makeFailing = harness.makeFailing;
      it('resolves error, never accepted, when its judge fails', async () => {
        expect(await makeFailing().verify(candidate('What is caching?', 'What is caching?'))).toBe('error');
      });
    }
  });
}

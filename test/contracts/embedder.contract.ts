import { cosineOfUnitVectors } from '../../src/vector-index/vector-math';
import { Embedder } from '../../src/embedding/embedder.port';

/** What every Embedder adapter must do. `makeSut` returns a ready embedder. */
export function embedderContract(name: string, makeSut: () => Promise<Embedder>): void {
  describe(`Embedder contract: ${name}`, () => {
    let sut: Embedder;
    const norm = (v: Float32Array) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));

    beforeEach(async () => {
      sut = await makeSut();
    });

    it('has a non-empty id and a default threshold in (0, 1]', () => {
      expect(sut.id.length).toBeGreaterThan(0);
      expect(sut.defaultThreshold).toBeGreaterThan(0);
      expect(sut.defaultThreshold).toBeLessThanOrEqual(1);
    });

    it('returns unit-length vectors of one dimension for any text, Chinese included', async () => {
      const vectors = await Promise.all(['What is a cache?', '什麼是快取？', 'x'].map((t) => sut.embed(t)));
      for (const v of vectors) expect(norm(v)).toBeCloseTo(1, 5);
      expect(new Set(vectors.map((v) => v.length)).size).toBe(1);
    });

    it('is deterministic: the same text gives the same vector', async () => {
      const [a, b] = [await sut.embed('Explain caching'), await sut.embed('Explain caching')];
      expect(cosineOfUnitVectors(a, b)).toBeCloseTo(1, 6);
    });

    it('scores a text closer to itself than to an unrelated text', async () => {
      const [q, same, other] = await Promise.all(
        ['什麼是快取？', '什麼是快取？', 'The weather is fine today'].map((t) => sut.embed(t)),
      );
      expect(cosineOfUnitVectors(q, same)).toBeGreaterThan(cosineOfUnitVectors(q, other));
    });
  });
}

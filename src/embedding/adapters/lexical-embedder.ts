import { Embedder } from '../embedder.port';
import { hashFeatures } from '../lexical/feature-hashing';
import { BackgroundIdf } from '../lexical/background-idf';
import { ChineseText } from '../lexical/chinese-text';
import { lexicalFeatures } from '../lexical/lexical-features';

/**
 * Offline embedder needing no model download: hashed word and character n-grams weighted by
 * background IDF, Chinese segmented by jieba. It matches rewordings that share words
 * (什麼是快取？ / 請解釋快取是什麼),
 * not synonyms with no word in common: that needs a neural embedder.
 */
export class LexicalEmbedder extends Embedder {
  static readonly DIMENSION = 1024;
  /** Bump the version whenever features or weights change: old vectors then stop matching. */
  readonly id = `lexical-v3-${LexicalEmbedder.DIMENSION}`;
  /**
   * The lowest threshold (in steps of 0.005) with at most 1 % wrong hits per lookup on every
   * labelled set in docs/BENCHMARKS.md (`npm run bench:semantic-quality`): wrong hits cost more
   * than misses. IDF weighting spreads similarities out, so it sits above 0.95.
   */
  readonly defaultThreshold = 0.975;

  constructor() {
    super();
    ChineseText.shared(); // load the dictionaries (slow) at boot, not on the first request
    BackgroundIdf.shared();
  }

  async embed(text: string): Promise<Float32Array> {
    return hashFeatures(lexicalFeatures(text), LexicalEmbedder.DIMENSION);
  }
}

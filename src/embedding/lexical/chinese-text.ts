import { cut, tag, Tag } from 'jieba-wasm';
import * as OpenCC from 'opencc-js';

/**
 * Chinese word segmentation for both scripts. jieba's dictionary is Simplified, so Traditional
 * text (Taiwan vocabulary included: 軟體 → 软件) is converted first; the two scripts then also
 * share one vector space, and 什麼 matches 什么. Loading the dictionaries is slow, so it is done once, lazily.
 *
 * jieba-rs runs as WebAssembly (jieba-wasm), not as a native addon: a native addon ships its binary
 * as an optional dependency, which `npm ci --omit=optional` drops, and the default embedder needs it.
 */
export class ChineseText {
  private static instance?: ChineseText;
  private readonly toSimplified = OpenCC.Converter({ from: 'twp', to: 'cn' });

  private constructor() {
    cut('', false); // jieba-wasm builds its dictionary on the first call: do it now, not on a request
  }

  static shared(): ChineseText {
    return (ChineseText.instance ??= new ChineseText());
  }

  /**
   * Traditional → Simplified. The converter reads its input as Traditional, where 么 is a variant of
   * 幺 ("youngest"); in Simplified text it is the question particle (可以么, 能用么), so it is spelt
   * 麼 first, which converts back to 么.
   */
  simplify(text: string): string {
    return this.toSimplified(text.replaceAll('么', '麼'));
  }

  words(text: string): string[] {
    return cut(text, false);
  }

  /** Words with their part of speech (jieba's ICTCLAS tags: `ns` place, `nr` person, `m` numeral...). */
  tagged(text: string): Tag[] {
    return tag(text, true);
  }
}

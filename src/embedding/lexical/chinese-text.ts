import { cut, tag, Tag } from 'jieba-wasm';
import * as OpenCC from 'opencc-js';

const HAN = /\p{Script=Han}/u;

/** The script a Han character belongs to: 1 Traditional only, -1 Simplified only, 0 both. */
type Script = 1 | -1 | 0;

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
  /** Traditional characters and Taiwan's words for things (軟體 → 软件, 程式 → 程序). */
  private readonly fromTaiwan = OpenCC.Converter({ from: 'twp', to: 'cn' });
  /** Traditional characters only, no vocabulary. */
  private readonly fromTraditionalCharacters = OpenCC.Converter({ from: 't', to: 'cn' });
  private readonly toTraditionalCharacters = OpenCC.Converter({ from: 'cn', to: 't' });
  /** Per Han character, so at most the size of Unicode's Han blocks. */
  private readonly scripts = new Map<string, Script>();

  private constructor() {
    cut('', false); // jieba-wasm builds its dictionary on the first call: do it now, not on a request
  }

  static shared(): ChineseText {
    return (ChineseText.instance ??= new ChineseText());
  }

  /**
   * The Simplified form of `text`. Taiwan's vocabulary is mapped only in Traditional text: in
   * Simplified text the same words mean other things (程序 is a program on the mainland, a process
   * in Taiwan, which would make 什么是程序 and 什么是进程 one question). The Taiwan converter reads
   * 么 as a variant of 幺 ("youngest"); in these questions it is the particle (可以么), so it is
   * spelt 麼 first, which converts back to 么.
   */
  simplify(text: string): string {
    if (this.isTraditional(text)) return this.fromTaiwan(text.replaceAll('么', '麼'));
    return this.fromTraditionalCharacters(text);
  }

  /** More characters only Traditional writing uses than characters only Simplified writing uses. */
  isTraditional(text: string): boolean {
    let balance = 0;
    for (const character of text) if (HAN.test(character)) balance += this.scriptOf(character);
    return balance > 0;
  }

  private scriptOf(character: string): Script {
    let script = this.scripts.get(character);
    if (script === undefined) {
      if (this.fromTraditionalCharacters(character) !== character) script = 1;
      else if (this.toTraditionalCharacters(character) !== character) script = -1;
      else script = 0;
      this.scripts.set(character, script);
    }
    return script;
  }

  words(text: string): string[] {
    return cut(text, false);
  }

  /** Words with their part of speech (jieba's ICTCLAS tags: `ns` place, `nr` person, `m` numeral...). */
  tagged(text: string): Tag[] {
    return tag(text, true);
  }
}

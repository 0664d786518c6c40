import { Jieba, TaggedWord } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import * as OpenCC from 'opencc-js';

/**
 * Chinese word segmentation for both scripts. jieba's dictionary is Simplified, so Traditional
 * text (Taiwan vocabulary included: 軟體 → 软件) is converted first; the two scripts then also
 * share one vector space, and 什麼 matches 什么. Loading the dictionaries is slow, so it is done once, lazily.
 */
export class ChineseText {
  private static instance?: ChineseText;
  private readonly jieba = Jieba.withDict(dict);
  private readonly toSimplified = OpenCC.Converter({ from: 'twp', to: 'cn' });

  static shared(): ChineseText {
    return (ChineseText.instance ??= new ChineseText());
  }

  simplify(text: string): string {
    return this.toSimplified(text);
  }

  words(text: string): string[] {
    return this.jieba.cut(text, false);
  }

  /** Words with their part of speech (jieba's ICTCLAS tags: `ns` place, `nr` person, `m` numeral...). */
  tagged(text: string): TaggedWord[] {
    return this.jieba.tag(text, true);
  }
}

import { ChineseText } from './chinese-text';

describe('ChineseText.simplify', () => {
  const text = ChineseText.shared();

  it('converts Traditional text and Taiwan vocabulary to Simplified', () => {
    expect(text.simplify('什麼是快取？')).toBe('什么是缓存？');
    expect(text.simplify('軟體怎麼安裝')).toBe('软件怎么安装');
  });

  it('leaves Simplified text and its words as they are, so different mainland terms stay different', () => {
    expect(text.simplify('什么是程序')).toBe('什么是程序');
    expect(text.simplify('什么是进程')).toBe('什么是进程');
    expect(text.simplify('如何打开文件')).toBe('如何打开文件');
    expect(text.simplify('显著提高')).toBe('显著提高');
  });

  it('keeps the question particle 么, which the Taiwan converter alone reads as 幺', () => {
    expect(text.simplify('这个能用么')).toBe('这个能用么');
    expect(text.simplify('這個能用麼')).toBe('这个能用么');
    expect(text.simplify('這個軟體能用么')).toBe('这个软件能用么');
  });

  it('converts a stray Traditional character in Simplified text', () => {
    expect(text.simplify('这个後来怎么样')).toBe('这个后来怎么样');
  });
});

describe('ChineseText.isTraditional', () => {
  const text = ChineseText.shared();

  it('counts the characters only one script uses', () => {
    expect(text.isTraditional('請解釋快取是什麼')).toBe(true);
    expect(text.isTraditional('请解释缓存是什么')).toBe(false);
    expect(text.isTraditional('快取')).toBe(false);
    expect(text.isTraditional('hello')).toBe(false);
  });
});

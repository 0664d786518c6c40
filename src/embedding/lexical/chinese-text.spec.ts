import { ChineseText } from './chinese-text';

describe('ChineseText.simplify', () => {
  const text = ChineseText.shared();

  it('converts Traditional text and Taiwan vocabulary to Simplified', () => {
    expect(text.simplify('什麼是快取？')).toBe('什么是缓存？');
    expect(text.simplify('軟體怎麼安裝')).toBe('软件怎么安装');
  });

  it('keeps the Simplified question particle 么, which the converter alone reads as 幺', () => {
    expect(text.simplify('这个能用么')).toBe('这个能用么');
    expect(text.simplify('可以退款么？')).toBe('可以退款么？');
    expect(text.simplify('這個能用麼')).toBe('这个能用么');
  });

  it('leaves Simplified text as it is', () => {
    expect(text.simplify('为什么手机不能充电')).toBe('为什么手机不能充电');
  });
});

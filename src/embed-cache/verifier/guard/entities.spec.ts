import { entitiesOf, mentions, quotedTermsOf } from './entities';
import { readQuestion } from './question-text';

const entities = (question: string) => entitiesOf(readQuestion(question));

describe('entitiesOf', () => {
  it('takes capitalised words inside an English sentence, not its first word', () => {
    expect(entities('What is the capital of Australia?')).toEqual(['australia']);
    expect(entities('Python list vs tuple')).toEqual([]);
  });

  it('takes acronyms and mixed-case words anywhere, and drops a possessive', () => {
    expect(entities("NASA's budget for iPhone apps")).toEqual(['nasa', 'iphone']);
  });

  it('ignores words English always capitalises, and title case', () => {
    expect(entities('How do I know if I am right?')).toEqual([]);
    expect(entities('What Is The Best Way To Learn Cooking?')).toEqual([]);
  });

  it('takes Latin words inside Chinese text and Chinese place names', () => {
    expect(entities('Excel 怎麼合併儲存格')).toEqual(['excel']);
    expect(entities('台北的人口是多少')).toEqual(['台北']);
  });
});

describe('quotedTermsOf', () => {
  it('takes terms in straight, curly and CJK quotes and titles, folded to Simplified', () => {
    expect(quotedTermsOf(readQuestion('What does "be yourself" mean in 《紅樓夢》 and 「快取」?'))).toEqual([
      'be yourself',
      '红楼梦',
      '缓存',
    ]);
  });
});

describe('mentions', () => {
  it('matches Latin terms as whole words, a plural allowed', () => {
    expect(mentions(readQuestion('the capital of Australia'), 'australia')).toBe(true);
    expect(mentions(readQuestion('The Austrian capital'), 'austria')).toBe(false);
    expect(mentions(readQuestion('Python lists'), 'list')).toBe(true);
  });

  it('matches Chinese terms anywhere, punctuation and 的 aside', () => {
    expect(mentions(readQuestion('三生三世,十里桃花全文'), '三生三世十里桃花')).toBe(true);
    expect(mentions(readQuestion('求百日的薔薇漫畫'), '百日蔷薇')).toBe(true);
    expect(mentions(readQuestion('台中的人口'), '台北')).toBe(false);
  });
});

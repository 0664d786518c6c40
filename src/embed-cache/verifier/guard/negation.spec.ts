import { isNegated } from './negation';
import { readQuestion } from './question-text';

const negated = (question: string) => isNegated(readQuestion(question));

describe('isNegated', () => {
  it.each(['Is coffee not bad for dogs?', "Why can't I sleep?", 'Can I travel without a passport?'])(
    'finds the English negation in %s',
    (question) => expect(negated(question)).toBe(true),
  );

  it.each(['為什麼手機不能充電？', '我沒有收到郵件', '別擔心', '無法登入怎麼辦', '手機打不開'])(
    'finds the Chinese negation in %s (either script)',
    (question) => expect(negated(question)).toBe(true),
  );

  it.each(['能不能退票？', '這個好不好？', '有沒有辦法？', '可不可以退款', '有什麼好歌沒？'])(
    'reads the A-not-A question %s as a question, not a negation',
    (question) => expect(negated(question)).toBe(false),
  );

  it.each(['非常好', '未來會怎樣', '區別是什麼', '別人怎麼看', '不過這個呢', '差不多多少錢'])(
    'ignores words that merely hold a negation character: %s',
    (question) => expect(negated(question)).toBe(false),
  );

  it('ignores "don\'t know" and 不知道, which frame a question rather than negate it', () => {
    expect(negated("I don't know how to cook rice")).toBe(false);
    expect(negated('不知道怎麼煮飯')).toBe(false);
  });

  it('cancels a double negation', () => {
    expect(negated('Is it not true that he never came?')).toBe(false);
  });
});

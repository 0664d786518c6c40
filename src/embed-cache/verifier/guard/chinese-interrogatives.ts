import { AnswerType } from './answer-type';
import { Word } from './question-text';

/** Interrogative words as jieba cuts them (after Traditional → Simplified folding). */
const WORDS: Record<string, AnswerType> = {
  谁: 'person',
  哪位: 'person',
  哪里: 'place',
  哪儿: 'place',
  哪: 'place',
  何处: 'place',
  什么时候: 'time',
  啥时候: 'time',
  何时: 'time',
  哪年: 'time',
  多久: 'time',
  多长时间: 'time',
  为什么: 'reason',
  为何: 'reason',
  为啥: 'reason',
  干嘛: 'reason',
  怎么回事: 'reason',
  多少: 'quantity',
  多大: 'quantity',
  多高: 'quantity',
  多远: 'quantity',
  多重: 'quantity',
  多长: 'quantity',
  多少钱: 'quantity',
  怎么办: 'manner',
  咋办: 'manner',
};
/** After 什么 or 啥: the noun that says what kind of answer is wanted (什么时候 cut in two, 什么原因). */
const AFTER_WHAT: Record<string, AnswerType> = {
  时候: 'time',
  时间: 'time',
  原因: 'reason',
  地方: 'place',
  办法: 'manner',
  方法: 'manner',
};
/**
 * How-words: manner before a verb (怎么样才能, 如何做), an evaluation when they end the question
 * (这个手机怎么样), a reason before an adverb of surprise (怎么不更新, 怎么老输).
 */
const HOW = new Set(['怎么', '怎样', '怎么样', '咋样', '如何', '咋']);
const WHY_AFTER_HOW = /^[不没老总还又会]|^突然|^一直/u;
/** 谁知道 / 谁有 open a request to anyone ("does anyone know"), not a question about a person. */
const ANYONE = new Set(['知道', '有', '能', '会', '可以', '帮']);
const PARTICLES = /^[啊呀呢啦哦吧嘛的了]+$/u;

/** Adds to `into` the answer types Chinese interrogatives in `words` ask for. */
export function chineseAnswerTypes(words: Word[], into: Set<AnswerType>): void {
  const han = words.filter((w) => w.tag !== 'latin' && !/^[\p{P}\p{S}\s]+$/u.test(w.text));
  han.forEach((_word, i) => {
    const type = answerTypeAt(han, i);
    if (type) into.add(type);
  });
}

/** The kind of answer the word at `i` asks for; undefined for any other word, and for 什么 or 哪个 alone. */
function answerTypeAt(han: Word[], i: number): AnswerType | undefined {
  const text = han[i].text;
  const next = han[i + 1]?.text;
  if (text === '谁' && i === 0 && next !== undefined && ANYONE.has(next)) return undefined;
  if (text in WORDS) return WORDS[text];
  if (/^几(点|号|月|时|点钟)/u.test(text)) return 'time';
  if (/^几/u.test(text) && han[i].tag === 'm') return 'quantity';
  if (text === '什么' || text === '啥') return next !== undefined && next in AFTER_WHAT ? AFTER_WHAT[next] : undefined;
  if (!HOW.has(text)) return undefined;
  if (endsQuestion(han, i)) return 'evaluation';
  return WHY_AFTER_HOW.test(next ?? '') ? 'reason' : 'manner';
}

function endsQuestion(han: Word[], i: number): boolean {
  return han.slice(i + 1).every((w) => PARTICLES.test(w.text));
}

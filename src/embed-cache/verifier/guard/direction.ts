import { QuestionText } from './question-text';

/** Words that make the order of two names matter: from A to B, A 到 B, A 兑 B, A 换成 B. */
const DIRECTED = /(?<![\p{Script=Latin}])(?:to|into|from)(?![\p{Script=Latin}])|到|至|兑|换成|转成|转为|→|->/u;

/**
 * Whether two questions name the same two things in opposite order around a direction ("Celsius to
 * Fahrenheit" against "Fahrenheit to Celsius", 深圳到上海 against 上海到深圳). `names` lists a
 * question's names in order (entities, units).
 */
export function reversed(a: QuestionText, b: QuestionText, names: (q: QuestionText) => string[]): boolean {
  if (!DIRECTED.test(a.lower) || !DIRECTED.test(b.lower)) return false;
  const theirs = names(b);
  const shared = names(a).filter((name, i, all) => theirs.includes(name) && all.indexOf(name) === i);
  if (shared.length < 2) return false;
  const order = shared.map((name) => theirs.indexOf(name));
  return order.some((position, i) => i > 0 && position < order[i - 1]);
}

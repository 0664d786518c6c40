import { AnswerType } from './answer-type';
import { chineseAnswerTypes } from './chinese-interrogatives';
import { englishAnswerTypes } from './english-interrogatives';
import { QuestionText } from './question-text';

/** The kinds of answer a question's interrogatives ask for (empty for a statement or a bare `what`). */
export function answerTypesOf(question: QuestionText): Set<AnswerType> {
  const types = new Set<AnswerType>();
  const latin = question.words.filter((w) => w.tag === 'latin');
  englishAnswerTypes(latin, types);
  chineseAnswerTypes(question.words, types);
  return types;
}

/**
 * Whether two questions ask for different kinds of answer: each asks for a type the other does
 * not (who against where, 怎么做 against 怎么样). A question asking for none (a statement, a bare
 * `what`, a yes-no question) conflicts with nothing: paraphrase data pairs "will X happen?" with
 * "when will X happen?" too often for a yes-no type to be worth its false rejections.
 */
export function asksDifferently(a: QuestionText, b: QuestionText): boolean {
  const mine = answerTypesOf(a);
  const theirs = answerTypesOf(b);
  const onlyMine = [...mine].filter((t) => !theirs.has(t));
  const onlyTheirs = [...theirs].filter((t) => !mine.has(t));
  return onlyMine.length > 0 && onlyTheirs.length > 0;
}

import { datesOf } from './dates';
import { reversed } from './direction';
import { entitiesOf, mentions, quotedTermsOf } from './entities';
import { asksDifferently } from './interrogative';
import { isNegated } from './negation';
import { numbersOf } from './numbers';
import { QuestionText } from './question-text';
import { unitSequence, unitsOf } from './units';

/** What two questions were found to disagree on. */
export type GuardRule = 'number' | 'negation' | 'unit' | 'date' | 'entity' | 'quoted' | 'direction' | 'interrogative';

/**
 * The first detail on which two similar-looking questions ask different things, or undefined
 * when none is found. Symmetric: which question was cached does not matter.
 */
export function disagreement(a: QuestionText, b: QuestionText): GuardRule | undefined {
  if (!sameList(numbersOf(a), numbersOf(b))) return 'number';
  if (isNegated(a) !== isNegated(b)) return 'negation';
  if (unitsDiffer(a, b)) return 'unit';
  if (!sameList([...datesOf(a)].sort(), [...datesOf(b)].sort())) return 'date';
  if (namesMissing(a, b, quotedTermsOf) || namesMissing(b, a, quotedTermsOf)) return 'quoted';
  if (namesMissing(a, b, entitiesOf) || namesMissing(b, a, entitiesOf)) return 'entity';
  if (reversed(a, b, entitiesOf) || reversed(a, b, unitSequence)) return 'direction';
  if (asksDifferently(a, b)) return 'interrogative';
  return undefined;
}

/** Units of one dimension named by both (km against mile); a unit only one side names is left to the other checks. */
function unitsDiffer(a: QuestionText, b: QuestionText): boolean {
  const theirs = unitsOf(b);
  for (const [dimension, units] of unitsOf(a)) {
    const other = theirs.get(dimension);
    if (other && !sameList([...units].sort(), [...other].sort())) return true;
  }
  return false;
}

function namesMissing(from: QuestionText, inside: QuestionText, names: (q: QuestionText) => string[]): boolean {
  return names(from).some((name) => !mentions(inside, name));
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

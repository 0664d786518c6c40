'use strict';
// Questions of the soak bench: distinct seeded questions, and a paraphrase of each that the lexical
// embedder matches (the same words in another order, plus "please") while its exact key differs.

const WORDS = (
  'river engine garden planet violin harbor winter copper meadow lantern orbit canyon ' +
  'falcon glacier pepper marble tunnel compass forest thunder saddle beacon crystal ' +
  'desert ember harvest island jungle kettle ladder mirror needle oyster pillow quartz ' +
  'ribbon signal timber valley walnut yogurt zephyr anchor barley cactus'
).split(' ');

/** Five words for question i, from a seeded shuffle so that neighbouring questions share few words. */
function wordsFor(i) {
  let state = (i + 1) * 2_654_435_761;
  const next = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) % WORDS.length;
  const picked = new Set();
  while (picked.size < 5) picked.add(WORDS[next()]);
  return [...picked];
}

/** A question nobody else in the run asks (suffixed with its number's words, so i makes it unique). */
function questionFor(i) {
  const [a, b, c, d, e] = wordsFor(i);
  return `how does the ${a} ${b} change the ${c} of a ${d} near the ${e} ${i}`;
}

/** Question i reworded: the same words in another order, plus "please". */
function paraphraseOf(i) {
  const [a, b, c, d, e] = wordsFor(i);
  return `please, near the ${e} ${i}, how does the ${a} ${b} change the ${c} of a ${d}`;
}

module.exports = { questionFor, paraphraseOf };

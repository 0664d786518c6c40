import { Candidate, Verdict } from '../verifier.port';

/** The system message of every verification request; also how a test upstream recognises one. */
export const VERIFICATION_INSTRUCTIONS =
  'You guard an answer cache. Reply with one word, yes or no. Reply yes only if a single answer ' +
  'answers both questions correctly: the same subject, names, numbers, dates, units, negation and ' +
  'intent. Otherwise reply no.';

/** At most this many tokens: the reply is one word. */
export const VERIFICATION_MAX_TOKENS = 3;

/**
 * The chat messages asking whether the cached question's answer fits the new one. Questions are
 * JSON-quoted, so a question cannot pass itself off as part of the instructions.
 */
export function verificationMessages({ cachedQuestion, question }: Candidate): { role: string; content: string }[] {
  return [
    { role: 'system', content: VERIFICATION_INSTRUCTIONS },
    {
      role: 'user',
      content: `Question A: ${JSON.stringify(cachedQuestion)}\nQuestion B: ${JSON.stringify(question)}\nSame answer?`,
    },
  ];
}

/** The verdict in a model's reply: a leading yes or no (any case, punctuation around it); anything else is an error. */
export function verdictOf(reply: string): Verdict {
  const word = /^[\s\p{P}]*(\p{L}+)/u.exec(reply)?.[1]?.toLowerCase();
  if (word === 'yes') return 'accepted';
  if (word === 'no') return 'rejected';
  return 'error';
}

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Presets, SingleBar } from 'cli-progress';
import { CachedAnswer } from '../common/cached-answer';
import { NAMESPACE_PATTERN, NAMESPACE_RULE } from '../common/namespace';
import { normalizeQuestion } from '../common/normalize-question';
import { promptKey } from '../prompt-cache/prompt-key';
import { CliLayers } from './cli-context';

interface WarmLine {
  question: string;
  answer: string;
  namespace?: string;
  model?: string;
}

function parseWarmLine(text: string, lineNumber: number): WarmLine {
  const line = JSON.parse(text) as Partial<WarmLine>;
  if (typeof line.question !== 'string' || typeof line.answer !== 'string')
    throw new Error(`line ${lineNumber}: question and answer must be strings`);
  if (line.namespace !== undefined && !NAMESPACE_PATTERN.test(line.namespace))
    throw new Error(`line ${lineNumber}: namespace must be ${NAMESPACE_RULE}`);
  return line as WarmLine;
}

const lines = (file: string) => createInterface({ input: createReadStream(file), crlfDelay: Infinity });

async function countLines(file: string): Promise<number> {
  let count = 0;
  for await (const text of lines(file)) if (text.trim() !== '') count++;
  return count;
}

/**
 * Stores each `{question, answer, namespace?, model?}` line in both layers as a fresh /ask answer
 * would be (same key, same normalisation, the question embedded for the semantic layer), with a
 * progress bar on stderr. Resolves how many pairs were stored.
 */
export async function warmEntries(layers: CliLayers, file: string, progress = process.stderr.isTTY): Promise<number> {
  const bar = new SingleBar({ stream: process.stderr, noTTYOutput: false }, Presets.shades_classic);
  if (progress) bar.start(await countLines(file), 0);
  let stored = 0;
  let lineNumber = 0;
  try {
    for await (const text of lines(file)) {
      lineNumber++;
      if (text.trim() === '') continue;
      await warmOne(layers, parseWarmLine(text, lineNumber));
      stored++;
      if (progress) bar.increment();
    }
  } finally {
    if (progress) bar.stop();
  }
  return stored;
}

async function warmOne(layers: CliLayers, line: WarmLine): Promise<void> {
  const namespace = line.namespace ?? layers.cacheConfig.defaultNamespace;
  const model = line.model ?? layers.defaultModel;
  const question = normalizeQuestion(line.question);
  const answer: CachedAnswer = { answer: line.answer, question, model, createdAt: Date.now(), tokens: 0 };
  const vector = await layers.embedCache.vectorOf(question);
  if (!vector) throw new Error(`Embedding "${question}" failed: the semantic layer cannot store it`);
  await Promise.all([
    layers.promptCache.save(promptKey(namespace, model, question), answer),
    layers.embedCache.save(namespace, answer, vector),
  ]);
}

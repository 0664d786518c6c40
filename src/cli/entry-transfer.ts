import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { CachedAnswer } from '../common/cached-answer';
import { SemanticEntry } from '../vector-index/vector-index.port';
import { CliLayers } from './cli-context';

/** One line of `llm-cache export` / `import`: an exact entry under its key, or a semantic entry whole. */
export type ExportLine =
  | { layer: 'exact'; key: string; answer: CachedAnswer }
  | { layer: 'semantic'; entry: Omit<SemanticEntry, 'vector'> & { vector: string } };

export interface TransferCount {
  exact: number;
  semantic: number;
}

async function writeLine(out: Writable, line: ExportLine): Promise<void> {
  // Waits for the consumer when its buffer is full, so memory stays flat however many entries there are.
  if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
}

const vectorToBase64 = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');

function vectorFromBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  // A copy: the Buffer may sit at an offset of a shared pool that Float32Array cannot view unaligned.
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Streams every entry of both layers (one namespace, or all) as JSON lines; resolves the counts. */
export async function exportEntries(layers: CliLayers, out: Writable, namespace?: string): Promise<TransferCount> {
  const count: TransferCount = { exact: 0, semantic: 0 };
  for await (const { key, answer } of layers.promptCache.entries(namespace)) {
    await writeLine(out, { layer: 'exact', key, answer });
    count.exact++;
  }
  for await (const entry of layers.embedCache.entries(namespace)) {
    await writeLine(out, { layer: 'semantic', entry: { ...entry, vector: vectorToBase64(entry.vector) } });
    count.semantic++;
  }
  return count;
}

/**
 * Reads `export`'s lines one at a time and stores each: exact entries with CACHE_TTL, semantic ones
 * with what was left of their lifetime (expired ones are skipped). Resolves the counts stored.
 */
export async function importEntries(layers: CliLayers, input: Readable): Promise<TransferCount> {
  const count: TransferCount = { exact: 0, semantic: 0 };
  let lineNumber = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    lineNumber++;
    if (text.trim() === '') continue;
    const line = JSON.parse(text) as ExportLine;
    if (line.layer === 'exact') {
      await layers.store.set(line.key, JSON.stringify(line.answer), layers.cacheConfig.ttlSeconds);
      count.exact++;
    } else if (line.layer === 'semantic') {
      if (await layers.embedCache.restore({ ...line.entry, vector: vectorFromBase64(line.entry.vector) }))
        count.semantic++;
    } else {
      throw new Error(`line ${lineNumber}: layer must be exact or semantic`);
    }
  }
  return count;
}

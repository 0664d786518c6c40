import { VectorQuantization } from '../config/vector-quantization';
import { decodeFloat32, encodeFloat32 } from './float32-codec';
import { decodeInt8, encodeInt8 } from './int8-codec';
import { EntryCalibration, SemanticEntry } from './vector-index.port';

/** Every semantic key starts with this; the original demo's redis-cli recipes match `embed_cache:*`. */
export const EMBED_KEY_PREFIX = 'embed_cache:';

const KEY_PATTERN = /^embed_cache:([^:]+):([^:]+)$/;

/** The namespace and id of `embed_cache:<namespace>:<id>`, or undefined for another key. */
export function parseEmbedKey(key: string): { namespace: string; id: string } | undefined {
  const match = KEY_PATTERN.exec(key);
  return match ? { namespace: match[1], id: match[2] } : undefined;
}

/** The prefix of one namespace's keys, or of all of them when `namespace` is undefined. */
export function embedKeyPrefix(namespace?: string): string {
  return namespace === undefined ? EMBED_KEY_PREFIX : `${EMBED_KEY_PREFIX}${namespace}:`;
}

/** `embed_cache:<namespace>:<id>`. */
export function embedKey(namespace: string, id: string): string {
  return `${embedKeyPrefix(namespace)}${id}`;
}

/**
 * The Redis hash of an entry; `vector` holds little-endian float32 bytes, or with `i8` one signed
 * byte per dimension and `dtype: i8` (readers accept both, so the setting can change at any time).
 */
export function toHashFields(
  entry: SemanticEntry,
  quantization: VectorQuantization = 'f32',
): Record<string, string | Buffer> {
  return {
    question: entry.question,
    answer: entry.answer,
    model: entry.model,
    embedder: entry.embedderId,
    partition: entry.partition,
    dim: String(entry.vector.length),
    vector: quantization === 'i8' ? encodeInt8(entry.vector) : encodeFloat32(entry.vector),
    ...(quantization === 'i8' && { dtype: 'i8' }),
    created_at: String(entry.createdAt),
    tokens: String(entry.tokens),
    ...(entry.finishReason !== undefined && { finish_reason: entry.finishReason }),
    ...(entry.usage !== undefined && { usage: JSON.stringify(entry.usage) }),
    ...(entry.itemId !== undefined && { item_id: entry.itemId }),
    ...(entry.calibration && calibrationFields(entry.calibration)),
  };
}

/** The calibration's hash fields: the threshold lookups read, the feedback counts, the outcomes as JSON triples. */
export function calibrationFields(calibration: EntryCalibration): Record<string, string> {
  return {
    min_similarity: String(calibration.minSimilarity),
    feedback_wrong: String(calibration.wrong),
    feedback_right: String(calibration.right),
    outcomes: JSON.stringify(calibration.outcomes.map(({ milli, correct, wrong }) => [milli, correct, wrong])),
  };
}

function parseCalibration(text: (name: string) => string | undefined): EntryCalibration | undefined {
  const minSimilarity = Number(text('min_similarity'));
  if (text('min_similarity') === undefined || !Number.isFinite(minSimilarity)) return undefined;
  let outcomes: EntryCalibration['outcomes'] = [];
  try {
    const triples = JSON.parse(text('outcomes') ?? '[]') as [number, number, number][];
    outcomes = triples.map(([milli, correct, wrong]) => ({ milli, correct, wrong }));
  } catch {
    outcomes = [];
  }
  return {
    minSimilarity,
    wrong: Number(text('feedback_wrong')) || 0,
    right: Number(text('feedback_right')) || 0,
    outcomes,
  };
}

/** Sets the given fields on an entry's hash only if it still exists (HSET on a vanished key would create one without TTL). */
export const SET_IF_EXISTS_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1`;

function parseUsage(raw: string | undefined): SemanticEntry['usage'] {
  if (raw === undefined) return undefined;
  try {
    const usage = JSON.parse(raw) as SemanticEntry['usage'];
    return usage && typeof usage.total === 'number' ? usage : undefined;
  } catch {
    return undefined;
  }
}

/** The hit audit fields (written by the index on each hit, see RECORD_HIT); undefined when never hit or unreadable. */
function parseHits(count?: string, min?: string, last?: string): SemanticEntry['hits'] {
  const [hits, minSimilarity, lastSimilarity] = [Number(count), Number(min), Number(last)];
  return hits > 0 && Number.isFinite(minSimilarity) && Number.isFinite(lastSimilarity)
    ? { count: hits, minSimilarity, lastSimilarity }
    : undefined;
}

/**
 * Records a semantic hit on the entry's hash, only if it still exists (HINCRBY on a vanished key
 * would create a hash without TTL): the hit count, the last and the lowest similarity served.
 */
export const RECORD_HIT_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[1], 'hits', 1)
redis.call('HSET', KEYS[1], 'last_hit_similarity', ARGV[1])
local lowest = tonumber(redis.call('HGET', KEYS[1], 'min_hit_similarity'))
if lowest == nil or tonumber(ARGV[1]) < lowest then redis.call('HSET', KEYS[1], 'min_hit_similarity', ARGV[1]) end
return 1`;

/** What the in-process index needs of an entry: where it belongs, its vector, its expiry. */
export interface IndexedVector {
  ref: { namespace: string; id: string; partition: string; expiresAt?: number };
  vector: Float32Array;
}

/** The hash fields an index load reads (HMGET), so a load never transfers the answers. */
export const INDEX_FIELDS = ['partition', 'dim', 'vector', 'dtype'] as const;

/** The stored vector, or undefined when its length does not match `dim` and its `dtype`. */
function decodeVector(
  bytes: Buffer | null | undefined,
  dim: Buffer | null | undefined,
  dtype: Buffer | null | undefined,
): Float32Array | undefined {
  const dimensions = Number(dim?.toString());
  if (!bytes?.length || !(dimensions > 0)) return undefined;
  const int8 = dtype?.toString() === 'i8';
  if (bytes.length !== dimensions * (int8 ? 1 : 4)) return undefined;
  return int8 ? decodeInt8(bytes) : decodeFloat32(bytes);
}

/** Decodes HMGET key ...INDEX_FIELDS; undefined for a hash that is not ours or is damaged. */
export function fromIndexFields(key: string, values: (Buffer | null)[], expiresAt?: number): IndexedVector | undefined {
  const match = KEY_PATTERN.exec(key);
  const [partition, dim, bytes, dtype] = values;
  const vector = decodeVector(bytes, dim, dtype);
  if (!match || !partition?.length || !vector) return undefined;
  return { ref: { namespace: match[1], id: match[2], partition: partition.toString('utf8'), expiresAt }, vector };
}

/**
 * Rebuilds an entry from its key and HGETALL (as buffers). Returns undefined for a hash that is
 * not ours or is damaged (say, written by another tool under the same prefix), so one bad key
 * cannot stop the index from loading.
 */
export function fromHashFields(
  key: string,
  fields: Record<string, Buffer>,
  expiresAt?: number,
): SemanticEntry | undefined {
  const match = KEY_PATTERN.exec(key);
  const text = (name: string) => fields[name]?.toString('utf8');
  const [question, answer, model, embedderId, partition] = ['question', 'answer', 'model', 'embedder', 'partition'].map(
    text,
  );
  const vector = decodeVector(fields.vector, fields.dim, fields.dtype);
  if (!match || !question || answer === undefined || !model || !embedderId || !partition || !vector) return undefined;
  return {
    namespace: match[1],
    id: match[2],
    question,
    answer,
    model,
    embedderId,
    partition,
    vector,
    createdAt: Number(text('created_at')) || 0,
    tokens: Number(text('tokens')) || 0,
    finishReason: text('finish_reason'),
    usage: parseUsage(text('usage')),
    itemId: text('item_id'),
    hits: parseHits(text('hits'), text('min_hit_similarity'), text('last_hit_similarity')),
    calibration: parseCalibration(text),
    expiresAt,
  };
}

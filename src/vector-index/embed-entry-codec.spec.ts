import { EMBED_KEY_PREFIX, embedKey, embedKeyPrefix, fromHashFields, toHashFields } from './embed-entry-codec';
import { encodeFloat32 } from './float32-codec';
import { SemanticEntry } from './vector-index.port';

const entry: SemanticEntry = {
  id: '0123456789abcdef0123456789abcdef',
  namespace: 'tenant-a',
  partition: 'aabbccddeeff001122334455',
  embedderId: 'lexical-v1-1024',
  question: '什麼是快取?',
  answer: 'A cache keeps answers to reuse them.',
  model: 'gpt-4o-mini',
  createdAt: 1_700_000_000_123,
  tokens: 57,
  vector: new Float32Array([0.6, -0.8, 0]),
};
const key = embedKey(entry.namespace, entry.id);

/** What HGETALL returns in buffer mode for the hash written from `fields`. */
function asStored(fields: Record<string, string | Buffer>): Record<string, Buffer> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name, Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8')]),
  );
}

describe('embedKey', () => {
  it('is embed_cache:<namespace>:<id> and starts with its namespace prefix', () => {
    expect(key).toBe('embed_cache:tenant-a:0123456789abcdef0123456789abcdef');
    expect(key.startsWith(embedKeyPrefix('tenant-a'))).toBe(true);
    expect(embedKeyPrefix()).toBe(EMBED_KEY_PREFIX);
    expect(embedKeyPrefix('tenant')).toBe('embed_cache:tenant:');
  });
});

describe('toHashFields / fromHashFields', () => {
  it('round-trips an entry through the hash, vector included', () => {
    // Act
    const decoded = fromHashFields(key, asStored(toHashFields(entry)), 1_700_000_360_000);

    // Assert
    expect(decoded).toEqual({ ...entry, expiresAt: 1_700_000_360_000 });
    expect(decoded?.vector).toBeInstanceOf(Float32Array);
  });

  it('stores the dimension and the vector as raw float32 bytes', () => {
    const fields = toHashFields(entry);

    expect(fields.dim).toBe('3');
    expect(fields.vector).toEqual(encodeFloat32(entry.vector));
  });

  it('leaves expiresAt undefined for an entry without a TTL', () => {
    expect(fromHashFields(key, asStored(toHashFields(entry)))?.expiresAt).toBeUndefined();
  });

  it('keeps the answer item id a Responses replay reuses, and none when the entry had none', () => {
    const withItem = fromHashFields(key, asStored(toHashFields({ ...entry, itemId: 'msg_abc' })));

    expect(withItem?.itemId).toBe('msg_abc');
    expect(toHashFields(entry)).not.toHaveProperty('item_id');
  });

  it('keeps an empty answer', () => {
    expect(fromHashFields(key, asStored(toHashFields({ ...entry, answer: '' })))?.answer).toBe('');
  });

  it('defaults unreadable created_at and tokens to 0', () => {
    const fields = { ...asStored(toHashFields(entry)), created_at: Buffer.from('soon'), tokens: Buffer.from('') };

    expect(fromHashFields(key, fields)).toMatchObject({ createdAt: 0, tokens: 0 });
  });

  it.each([
    'prompt_cache:tenant-a:abc',
    'embed_cache:tenant-a',
    'embed_cache::abc',
    'embed_cache:tenant-a:abc:extra',
    'embed_cache:tenant-a:',
  ])('returns undefined for the key %s, not of the form embed_cache:<ns>:<id>', (badKey) => {
    expect(fromHashFields(badKey, asStored(toHashFields(entry)))).toBeUndefined();
  });

  it.each(['question', 'answer', 'model', 'embedder', 'partition', 'vector', 'dim'])(
    'returns undefined when the %s field is missing',
    (field) => {
      // Arrange
      const fields = asStored(toHashFields(entry));
      delete fields[field];

      // Act / Assert
      expect(fromHashFields(key, fields)).toBeUndefined();
    },
  );

  it('returns undefined when dim disagrees with the vector length', () => {
    const fields = { ...asStored(toHashFields(entry)), dim: Buffer.from('4') };

    expect(fromHashFields(key, fields)).toBeUndefined();
  });

  it('returns undefined for an empty vector', () => {
    const fields = asStored(toHashFields({ ...entry, vector: new Float32Array(0) }));

    expect(fromHashFields(key, fields)).toBeUndefined();
  });

  it('returns undefined, rather than throwing, for vector bytes that are not whole float32s', () => {
    // A damaged hash must not stop the index from loading (see the fromHashFields doc comment).
    const fields = { ...asStored(toHashFields(entry)), vector: Buffer.alloc(13), dim: Buffer.from('3') };

    expect(() => fromHashFields(key, fields)).not.toThrow();
    expect(fromHashFields(key, fields)).toBeUndefined();
  });

  it('stores int8 vectors (a quarter of the bytes) with dtype i8, and reads them back as unit vectors', () => {
    const fields = toHashFields(entry, 'i8');

    expect(fields).toMatchObject({ dtype: 'i8', dim: String(entry.vector.length) });
    expect(fields.vector).toHaveLength(entry.vector.length);
    const decoded = fromHashFields(key, asStored(fields))!;
    const cosine = decoded.vector.reduce((sum, x, i) => sum + x * entry.vector[i], 0);
    expect(cosine).toBeGreaterThan(0.999);
  });

  it('rejects an int8 vector whose length does not match dim', () => {
    const fields = { ...asStored(toHashFields(entry, 'i8')), dim: Buffer.from(String(entry.vector.length + 1)) };

    expect(fromHashFields(key, fields)).toBeUndefined();
  });
});

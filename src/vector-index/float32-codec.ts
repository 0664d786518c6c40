/** Float32 vectors as raw little-endian bytes, the `vector` field of an `embed_cache:*` hash. */
export function encodeFloat32(vector: Float32Array): Buffer {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i], i * 4);
  return bytes;
}

export function decodeFloat32(bytes: Buffer): Float32Array {
  if (bytes.length % 4 !== 0) throw new Error(`Vector byte length ${bytes.length} is not a multiple of 4`);
  const vector = new Float32Array(bytes.length / 4);
  for (let i = 0; i < vector.length; i++) vector[i] = bytes.readFloatLE(i * 4);
  return vector;
}

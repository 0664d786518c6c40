import { decodeFloat32, encodeFloat32 } from './float32-codec';

describe('encodeFloat32', () => {
  it('writes each value as 4 little-endian IEEE-754 single-precision bytes', () => {
    // Act: 1.0f = 0x3f800000, -2.5f = 0xc0200000
    const bytes = encodeFloat32(new Float32Array([1, -2.5]));

    // Assert
    expect([...bytes]).toEqual([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x20, 0xc0]);
  });

  it('encodes an empty vector as no bytes', () => {
    expect(encodeFloat32(new Float32Array(0))).toHaveLength(0);
  });
});

describe('decodeFloat32', () => {
  it('reads little-endian bytes back into floats', () => {
    const vector = decodeFloat32(Buffer.from([0x00, 0x00, 0x80, 0xbf, 0x00, 0x00, 0x00, 0x3f]));

    expect(Array.from(vector)).toEqual([-1, 0.5]);
  });

  it('round-trips every float32 value exactly, negatives and extremes included', () => {
    // Arrange
    const vector = new Float32Array([0.1, -0.1, -0, 1e-38, -3.4e38, 3.4e38, 0.123456789, -7.5, 1.401298464324817e-45]);

    // Act
    const decoded = decodeFloat32(encodeFloat32(vector));

    // Assert
    expect(decoded).toBeInstanceOf(Float32Array);
    expect(decoded).toEqual(vector);
    expect(Object.is(decoded[2], -0)).toBe(true);
  });

  it('round-trips a random unit-scale vector exactly', () => {
    const vector = Float32Array.from({ length: 1536 }, (_, i) => Math.sin(i * 12.9898) * 0.7);

    expect(decodeFloat32(encodeFloat32(vector))).toEqual(vector);
  });

  it.each([1, 5, 7])('throws for a byte length of %i, not a multiple of 4', (length) => {
    expect(() => decodeFloat32(Buffer.alloc(length))).toThrow(`Vector byte length ${length} is not a multiple of 4`);
  });
});

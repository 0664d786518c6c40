/**
 * How vectors are held inside an approximate index: float32; float16 (half the memory and distance
 * cost, cosine within ~1e-3); int8 (a quarter, coarser).
 */
export type VectorQuantization = 'f32' | 'f16' | 'i8';

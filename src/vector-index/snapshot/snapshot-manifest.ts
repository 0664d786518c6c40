import { createReadStream } from 'node:fs';
import { crc32 } from 'node:zlib';

/**
 * Bumped whenever the layout changes; a snapshot of another version is ignored (the index is
 * rebuilt), except those READABLE_VERSIONS lists.
 */
export const FORMAT_VERSION = 2;
/** Version 1 is version 2 with no vectors waiting for a graph. */
export const READABLE_VERSIONS = [1, 2];

export interface SavedBucket {
  namespace: string;
  partition: string;
  file: string;
  /** CRC-32 of the file: usearch trusts its input, and a torn or damaged file could crash the process. */
  crc32: number;
  dimensions: number;
  graph: boolean;
  nextLabel: number;
  ids: string[];
  labels: number[];
  /** Epoch ms; null = never expires. */
  expiresAt: (number | null)[];
  /** With a graph: how many of the last ids were not in it yet (absent = 0). */
  waiting?: number;
  /** Their raw float32 vectors, and its CRC-32. */
  waitingFile?: string;
  waitingCrc32?: number;
}

export interface Manifest {
  version: number;
  /** The change-stream id the snapshot reflects: a restore catches up from here. */
  position: string;
  quantization: string;
  createdAt: number;
  entries: number;
  buckets: SavedBucket[];
}

/** Bytes hashed per event-loop turn: a graph file is hundreds of MB, hashed at once it would block for long. */
const CRC_CHUNK = 1 << 20;

/** CRC-32 of a file, read and hashed a chunk at a time between other work. */
export async function crc32OfFile(path: string): Promise<number> {
  let crc = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CRC_CHUNK })) crc = crc32(chunk as Buffer, crc);
  return crc;
}

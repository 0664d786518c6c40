import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { entryKey, IndexedRef, InMemoryVectors } from '../in-memory-vectors';
import { PartitionBucket } from '../partition-bucket';

/** Bumped whenever the layout changes; an older snapshot is ignored (the index is rebuilt). */
const FORMAT_VERSION = 1;
/** The file naming the current snapshot; written last, by rename, so a crash mid-write leaves the previous one. */
const CURRENT = 'CURRENT';

interface SavedBucket {
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
}

interface Manifest {
  version: number;
  /** The change-stream id the snapshot reflects: a restore catches up from here. */
  position: string;
  quantization: string;
  createdAt: number;
  entries: number;
  buckets: SavedBucket[];
}

export interface RestoredSnapshot {
  position: string;
  entries: number;
  createdAt: number;
}

/**
 * Snapshots of the in-process semantic index on local disk (SEMANTIC_SNAPSHOT_DIR): each
 * partition's HNSW graph (usearch's own file format) or raw vectors, plus a JSON manifest with
 * the ids and the change-stream position. Rebuilding a graph costs minutes at a million entries;
 * loading one costs about a second.
 */
export class IndexSnapshots {
  private readonly logger = new Logger(IndexSnapshots.name);

  constructor(
    private readonly dir: string,
    private readonly quantization: string,
  ) {}

  /**
   * Writes a snapshot of `mirror` as of stream `position`, then drops older ones; resolves the entry
   * count and how long the synchronous part took. The graphs are saved synchronously (usearch has no async save), so what the manifest
   * lists matches them; checksums and the manifest follow asynchronously, off the event loop's back.
   */
  async write(mirror: InMemoryVectors<IndexedRef>, position: string): Promise<{ entries: number; blockedMs: number }> {
    const started = Date.now();
    const name = `snapshot-${Date.now()}-${randomUUID().slice(0, 8)}`;
    const target = join(this.dir, name);
    mkdirSync(target, { recursive: true });
    const buckets: Omit<SavedBucket, 'crc32'>[] = [];
    mirror.forEachBucket((bucket) => {
      if (bucket.size === 0) return;
      const file = `bucket-${buckets.length}.bin`;
      const image = bucket.save(join(target, file));
      const { namespace, partition } = image.slots[0].ref;
      buckets.push({
        namespace,
        partition,
        file,
        dimensions: image.dimensions,
        graph: image.graph,
        nextLabel: image.nextLabel,
        ids: image.slots.map((slot) => slot.ref.id),
        labels: image.slots.map((slot) => slot.label),
        expiresAt: image.slots.map((slot) => slot.ref.expiresAt ?? null),
      });
    });
    const blockedMs = Date.now() - started;
    const checked: SavedBucket[] = [];
    for (const bucket of buckets) checked.push({ ...bucket, crc32: crc32(await readFile(join(target, bucket.file))) });
    const entries = buckets.reduce((sum, bucket) => sum + bucket.ids.length, 0);
    const manifest: Manifest = {
      version: FORMAT_VERSION,
      position,
      quantization: this.quantization,
      createdAt: Date.now(),
      entries,
      buckets: checked,
    };
    await writeFile(join(target, 'manifest.json'), JSON.stringify(manifest));
    const pointer = join(this.dir, `${CURRENT}.${name}.tmp`);
    await writeFile(pointer, name);
    await rename(pointer, join(this.dir, CURRENT));
    await this.removeAllBut(name);
    return { entries, blockedMs };
  }

  /**
   * Loads the current snapshot into `mirror`, skipping entries already expired. Resolves undefined
   * (and logs why) when there is none or it cannot be used; the caller then rebuilds from Redis.
   */
  restore(mirror: InMemoryVectors<IndexedRef>): RestoredSnapshot | undefined {
    let manifest: Manifest;
    let folder: string;
    try {
      folder = join(this.dir, readFileSync(join(this.dir, CURRENT), 'utf8').trim());
      manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT')
        this.logger.warn(`Ignoring the semantic index snapshot in ${this.dir}: ${(error as Error).message}`);
      return undefined;
    }
    if (manifest.version !== FORMAT_VERSION || manifest.quantization !== this.quantization) {
      this.logger.warn(
        `Ignoring the snapshot in ${folder}: format ${manifest.version}/${manifest.quantization}, this build wants ${FORMAT_VERSION}/${this.quantization}`,
      );
      return undefined;
    }
    try {
      for (const saved of manifest.buckets) {
        const path = join(folder, saved.file);
        if (crc32(readFileSync(path)) !== saved.crc32) throw new Error(`${saved.file} does not match its checksum`);
        const refs: IndexedRef[] = saved.ids.map((id, i) => ({
          namespace: saved.namespace,
          id,
          partition: saved.partition,
          expiresAt: saved.expiresAt[i] ?? undefined,
        }));
        const bucket = PartitionBucket.restore<IndexedRef>(
          mirror.bucketSettings,
          {
            dimensions: saved.dimensions,
            graph: saved.graph,
            nextLabel: saved.nextLabel,
            slots: refs.map((ref, i) => ({ ref, label: saved.labels[i] })),
          },
          path,
          (ref) => entryKey(ref.namespace, ref.id),
        );
        mirror.adoptBucket(saved.namespace, saved.partition, bucket, refs);
      }
      mirror.sweepExpired();
    } catch (error) {
      mirror.clear();
      this.logger.warn(`Ignoring the damaged snapshot in ${folder}: ${(error as Error).message}`);
      return undefined;
    }
    return { position: manifest.position, entries: manifest.entries, createdAt: manifest.createdAt };
  }

  private async removeAllBut(keep: string): Promise<void> {
    for (const name of await readdir(this.dir)) {
      if (name.startsWith('snapshot-') && name !== keep)
        await rm(join(this.dir, name), { recursive: true, force: true });
    }
  }
}

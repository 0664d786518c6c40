import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { entryKey, IndexedRef, InMemoryVectors } from '../in-memory-vectors';
import { PartitionBucket } from '../partition-bucket';
import { crc32OfFile, FORMAT_VERSION, Manifest, READABLE_VERSIONS, SavedBucket } from './snapshot-manifest';

/** The file naming the current snapshot; written last, by rename, so a crash mid-write leaves the previous one. */
const CURRENT = 'CURRENT';

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
   * count and the longest time the event loop was blocked. usearch saves a graph synchronously, so
   * each bucket is saved in its own event-loop turn (the longest block is the largest bucket's
   * save); checksums and the manifest follow asynchronously. Changes applied between two buckets'
   * saves are newer than `position`, and a restore replays them again, which changes nothing.
   */
  async write(mirror: InMemoryVectors<IndexedRef>, position: string): Promise<{ entries: number; blockedMs: number }> {
    const name = `snapshot-${Date.now()}-${randomUUID().slice(0, 8)}`;
    const target = join(this.dir, name);
    mkdirSync(target, { recursive: true });
    const buckets: SavedBucket[] = [];
    let blockedMs = 0;
    const all: PartitionBucket<IndexedRef>[] = [];
    mirror.forEachBucket((bucket) => all.push(bucket));
    for (const bucket of all) {
      await new Promise((resolve) => setImmediate(resolve));
      if (bucket.size === 0) continue;
      const started = performance.now();
      buckets.push(this.saveBucket(bucket, target, buckets.length));
      blockedMs = Math.max(blockedMs, performance.now() - started);
    }
    for (const saved of buckets) {
      saved.crc32 = await crc32OfFile(join(target, saved.file));
      if (saved.waitingFile) saved.waitingCrc32 = await crc32OfFile(join(target, saved.waitingFile));
    }
    const entries = buckets.reduce((sum, bucket) => sum + bucket.ids.length, 0);
    const manifest: Manifest = {
      version: FORMAT_VERSION,
      position,
      quantization: this.quantization,
      createdAt: Date.now(),
      entries,
      buckets,
    };
    await writeFile(join(target, 'manifest.json'), JSON.stringify(manifest));
    const pointer = join(this.dir, `${CURRENT}.${name}.tmp`);
    await writeFile(pointer, name);
    await rename(pointer, join(this.dir, CURRENT));
    await this.removeAllBut(name);
    return { entries, blockedMs: Math.round(blockedMs) };
  }

  /** Saves one bucket's files under `target`; the checksums are left for later (crc32 0). */
  private saveBucket(bucket: PartitionBucket<IndexedRef>, target: string, index: number): SavedBucket {
    const file = `bucket-${index}.bin`;
    const waitingFile = `bucket-${index}.waiting.bin`;
    const image = bucket.save(join(target, file), join(target, waitingFile));
    const { namespace, partition } = image.slots[0].ref;
    return {
      namespace,
      partition,
      file,
      crc32: 0,
      dimensions: image.dimensions,
      graph: image.graph,
      nextLabel: image.nextLabel,
      ids: image.slots.map((slot) => slot.ref.id),
      labels: image.slots.map((slot) => slot.label),
      expiresAt: image.slots.map((slot) => slot.ref.expiresAt ?? null),
      ...(image.waiting > 0 ? { waiting: image.waiting, waitingFile } : {}),
    };
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
    if (!READABLE_VERSIONS.includes(manifest.version) || manifest.quantization !== this.quantization) {
      this.logger.warn(
        `Ignoring the snapshot in ${folder}: format ${manifest.version}/${manifest.quantization}, this build wants ${FORMAT_VERSION}/${this.quantization}`,
      );
      return undefined;
    }
    try {
      for (const saved of manifest.buckets) this.restoreBucket(mirror, folder, saved);
      mirror.sweepExpired();
    } catch (error) {
      mirror.clear();
      this.logger.warn(`Ignoring the damaged snapshot in ${folder}: ${(error as Error).message}`);
      return undefined;
    }
    return { position: manifest.position, entries: manifest.entries, createdAt: manifest.createdAt };
  }

  /** Loads one saved bucket into `mirror`; throws when a file does not match its checksum. */
  private restoreBucket(mirror: InMemoryVectors<IndexedRef>, folder: string, saved: SavedBucket): void {
    const path = join(folder, saved.file);
    const waitingPath = join(folder, saved.waitingFile ?? `${saved.file}.waiting`);
    if (crc32(readFileSync(path)) !== saved.crc32) throw new Error(`${saved.file} does not match its checksum`);
    if (saved.waitingFile && crc32(readFileSync(waitingPath)) !== saved.waitingCrc32)
      throw new Error(`${saved.waitingFile} does not match its checksum`);
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
        waiting: saved.waiting ?? 0,
      },
      path,
      waitingPath,
      (ref) => entryKey(ref.namespace, ref.id),
    );
    mirror.adoptBucket(saved.namespace, saved.partition, bucket, refs);
  }

  private async removeAllBut(keep: string): Promise<void> {
    for (const name of await readdir(this.dir)) {
      if (name.startsWith('snapshot-') && name !== keep)
        await rm(join(this.dir, name), { recursive: true, force: true });
    }
  }
}

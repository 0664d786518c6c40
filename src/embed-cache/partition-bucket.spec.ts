import { ApproximateIndex } from './ann/approximate-index.port';
import { bucketSettings } from './ann/bucket-settings';
import { PartitionBucket } from './partition-bucket';

/** A graph that reports a given size and records how many neighbours each search asked for. */
function recordingGraph(size: number): ApproximateIndex & { asked: number[] } {
  const asked: number[] = [];
  return { size, asked, add: () => undefined, remove: () => undefined, save: () => undefined, load: () => undefined, search: (_v, count) => (asked.push(count), { labels: [], similarities: [] }) };
}

describe(PartitionBucket.name, () => {
  const searchWith = (graphSize: number) => {
    const graph = recordingGraph(graphSize);
    const bucket = new PartitionBucket<{ id: string }>(bucketSettings('f32', { exactScanMax: 1, graphBatch: 1, efSearch: 64, createGraph: () => graph }));
    bucket.upsert('a', { id: 'a' }, new Float32Array([1, 0]));
    bucket.upsert('b', { id: 'b' }, new Float32Array([0, 1]));
    bucket.nearest(new Float32Array([1, 0]), 0, () => true, () => undefined);
    return graph.asked;
  };

  it('asks a graph of ordinary size for a few candidates (efSearch bounds the walk)', () => {
    expect(searchWith(100_000)).toEqual([8]);
  });

  it('searches a graph of a million entries 3x wider than efSearch, for recall', () => {
    expect(searchWith(1_000_000)).toEqual([192]);
  });
});

import { EntryView, listing, take } from './recent-entries';

const view = (namespace: string, createdAt: number): EntryView => ({
  key: `prompt_cache:${namespace}:${createdAt}`,
  layer: 'exact',
  namespace,
  question: `q${createdAt}`,
  model: 'm',
  createdAt,
  hits: null,
  similarity: null,
});

async function* numbers(seen: number[]): AsyncIterable<number> {
  for (let n = 1; n <= 100; n++) {
    seen.push(n);
    yield n;
  }
}

describe(listing.name, () => {
  it('keeps the newest entries up to the limit and counts namespaces over all examined', () => {
    const sut = listing([view('a', 1), view('b', 3), view('a', 2)], 2);

    expect(sut.entries.map((e) => e.createdAt)).toEqual([3, 2]);
    expect(sut.namespaces).toEqual([
      { namespace: 'a', entries: 2 },
      { namespace: 'b', entries: 1 },
    ]);
    expect(sut.examined).toBe(3);
  });
});

describe(take.name, () => {
  it('stops walking the source at the bound', async () => {
    const seen: number[] = [];

    const taken = await take(numbers(seen), 3, (n) => n * 10);

    expect(taken).toEqual([10, 20, 30]);
    expect(seen).toEqual([1, 2, 3]);
  });
});

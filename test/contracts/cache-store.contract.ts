import { CacheStore } from '../../src/cache-store/cache-store.port';

/**
 * What every CacheStore adapter must do. `makeSut` returns a fresh, empty store;
 * `advance` moves time forward by whole seconds past real-time expiry.
 */
export function cacheStoreContract(
  name: string,
  makeSut: () => Promise<CacheStore>,
  advance: (seconds: number) => Promise<void>,
): void {
  describe(`CacheStore contract: ${name}`, () => {
    let sut: CacheStore;

    beforeEach(async () => {
      sut = await makeSut();
    });

    it('returns undefined for a key never set', async () => {
      expect(await sut.get('prompt_cache:t:missing')).toBeUndefined();
    });

    it('returns what was set, unicode intact', async () => {
      await sut.set('prompt_cache:t:a', '快取是什麼 ✓', 60);
      expect(await sut.get('prompt_cache:t:a')).toBe('快取是什麼 ✓');
    });

    it('replaces the value of an existing key', async () => {
      await sut.set('prompt_cache:t:a', 'old', 60);
      await sut.set('prompt_cache:t:a', 'new', 60);
      expect(await sut.get('prompt_cache:t:a')).toBe('new');
    });

    it('returns undefined after the ttl elapses', async () => {
      await sut.set('prompt_cache:t:a', 'v', 1);
      await advance(2);
      expect(await sut.get('prompt_cache:t:a')).toBeUndefined();
    });

    it('keeps a value with ttl 0 past any other expiry', async () => {
      await sut.set('prompt_cache:t:forever', 'v', 0);
      await sut.set('prompt_cache:t:short', 'v', 1);
      await advance(2);
      expect(await sut.get('prompt_cache:t:forever')).toBe('v');
    });

    it('deletes one key and says whether it existed', async () => {
      await sut.set('prompt_cache:t:a', 'v', 60);
      expect(await sut.delete('prompt_cache:t:a')).toBe(true);
      expect(await sut.delete('prompt_cache:t:a')).toBe(false);
      expect(await sut.get('prompt_cache:t:a')).toBeUndefined();
    });

    it('deletes by prefix only the keys under that prefix', async () => {
      await sut.set('prompt_cache:ns1:a', '1', 60);
      await sut.set('prompt_cache:ns1:b', '2', 60);
      await sut.set('prompt_cache:ns2:a', '3', 60);
      await sut.set('other:ns1:a', '4', 60);
      expect(await sut.deleteByPrefix('prompt_cache:ns1:')).toBe(2);
      expect(await sut.get('prompt_cache:ns1:a')).toBeUndefined();
      expect(await sut.get('prompt_cache:ns2:a')).toBe('3');
      expect(await sut.get('other:ns1:a')).toBe('4');
    });

    it('treats glob characters in a prefix literally', async () => {
      await sut.set('prompt_cache:a*:x', '1', 60);
      await sut.set('prompt_cache:ab:x', '2', 60);
      expect(await sut.deleteByPrefix('prompt_cache:a*:')).toBe(1);
      expect(await sut.get('prompt_cache:ab:x')).toBe('2');
    });

    it('counts live keys under a prefix', async () => {
      await sut.set('prompt_cache:n:a', '1', 60);
      await sut.set('prompt_cache:n:b', '2', 1);
      await sut.set('elsewhere:c', '3', 60);
      expect(await sut.countByPrefix('prompt_cache:')).toBe(2);
      await advance(2);
      expect(await sut.countByPrefix('prompt_cache:')).toBe(1);
    });

    it('lists the live keys and values under a prefix, nothing else', async () => {
      await sut.set('prompt_cache:n:a', '快取', 60);
      await sut.set('prompt_cache:n:b', '2', 1);
      await sut.set('prompt_cache:m:c', '3', 60);
      await sut.set('elsewhere:n:d', '4', 60);
      await advance(2);
      const listed: Array<{ key: string; value: string }> = [];
      for await (const entry of sut.entries('prompt_cache:n:')) listed.push(entry);
      expect(listed).toEqual([{ key: 'prompt_cache:n:a', value: '快取' }]);
    });
  });
}

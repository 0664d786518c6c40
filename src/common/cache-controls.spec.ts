import { MAX_DELTA_SECONDS, parseCacheControls } from './cache-controls';
import { InvalidRequestError } from './errors/invalid-request.error';

describe('parseCacheControls', () => {
  it('reads and writes both layers by default', () => {
    expect(parseCacheControls({})).toEqual({
      read: true,
      write: true,
      mode: 'semantic',
      maxAgeSeconds: undefined,
      ttlSeconds: undefined,
      namespace: undefined,
      minSimilarity: undefined,
      coalesce: true,
    });
  });

  it('turns single flight off with x-cache-coalesce: off, and rejects other values', () => {
    expect(parseCacheControls({ 'x-cache-coalesce': 'OFF' }).coalesce).toBe(false);
    expect(parseCacheControls({ 'x-cache-coalesce': 'on' }).coalesce).toBe(true);
    expect(() => parseCacheControls({ 'x-cache-coalesce': 'sometimes' })).toThrow(/x-cache-coalesce/);
  });

  it.each([
    ['no-cache', { read: false, write: true }],
    ['no-store', { read: false, write: false }],
    ['No-Cache, max-age=60', { read: false, write: true, maxAgeSeconds: 60 }],
    ['max-age=0', { read: true, write: true, maxAgeSeconds: 0 }],
  ])('reads Cache-Control: %s', (value, expected) => {
    expect(parseCacheControls({ 'cache-control': value })).toMatchObject(expected);
  });

  it('reads the x-cache-* headers', () => {
    const controls = parseCacheControls({
      'x-cache-ttl': '30',
      'x-cache-namespace': 'tenant-a',
      'x-cache-threshold': '0.97',
      'x-cache-mode': 'exact',
    });
    expect(controls).toMatchObject({
      ttlSeconds: 30,
      namespace: 'tenant-a',
      minSimilarity: 0.97,
      mode: 'exact',
      read: true,
      write: true,
    });
  });

  it('counts a TTL or max-age beyond 2^31 seconds as 2^31 (RFC 9111 delta-seconds), however many digits', () => {
    const controls = parseCacheControls({
      'x-cache-ttl': '99999999999999999999999',
      'cache-control': `max-age=${'9'.repeat(400)}`,
    });

    expect(controls).toMatchObject({ ttlSeconds: MAX_DELTA_SECONDS, maxAgeSeconds: MAX_DELTA_SECONDS });
    expect(MAX_DELTA_SECONDS).toBe(2_147_483_648);
  });

  it('keeps a TTL of exactly 2^31 seconds', () => {
    expect(parseCacheControls({ 'x-cache-ttl': '2147483648' }).ttlSeconds).toBe(2_147_483_648);
  });

  it('turns everything off with x-cache-mode: off', () => {
    expect(parseCacheControls({ 'x-cache-mode': 'off' })).toMatchObject({ read: false, write: false });
  });

  it.each([
    [{ 'x-cache-ttl': '-5' }, /x-cache-ttl/],
    [{ 'x-cache-ttl': '1.5' }, /x-cache-ttl/],
    [{ 'cache-control': 'max-age=soon' }, /max-age/],
    [{ 'x-cache-threshold': '1.2' }, /x-cache-threshold/],
    [{ 'x-cache-threshold': 'high' }, /x-cache-threshold/],
    [{ 'x-cache-mode': 'fuzzy' }, /x-cache-mode/],
    [{ 'x-cache-namespace': 'a:b' }, /x-cache-namespace/],
  ])('rejects %p naming the header', (headers, message) => {
    const act = () => parseCacheControls(headers);
    expect(act).toThrow(InvalidRequestError);
    expect(act).toThrow(message);
  });
});

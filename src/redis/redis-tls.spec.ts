import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterTlsOptions, redisTlsOptions } from './redis-tls';

describe(redisTlsOptions.name, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'redis-tls-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves TLS to the URL (system CAs) without a CA file', () => {
    expect(redisTlsOptions('rediss://user:pass@host:6380', undefined)).toBeUndefined();
    expect(redisTlsOptions('redis://host:6379', undefined)).toBeUndefined();
  });

  it('trusts the CA file with a rediss:// URL', () => {
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, 'PEM');

    const sut = redisTlsOptions('rediss://user:pass@host:6380', caFile);

    expect(sut?.ca?.toString()).toBe('PEM');
  });

  it('refuses a CA file with a plain redis:// URL, naming the variables', () => {
    expect(() => redisTlsOptions('redis://host:6379', join(dir, 'ca.pem'))).toThrow(/REDIS_TLS_CA_FILE.*REDIS_URL/);
  });

  it('names REDIS_TLS_CA_FILE when the file cannot be read', () => {
    expect(() => redisTlsOptions('rediss://host:6380', join(dir, 'missing.pem'))).toThrow(
      /Cannot read REDIS_TLS_CA_FILE=.*missing\.pem/,
    );
  });
});

describe(clusterTlsOptions.name, () => {
  it('leaves TLS off for plain nodes', () => {
    expect(clusterTlsOptions(false, undefined)).toBeUndefined();
  });

  it('turns TLS on with the system CAs for rediss:// nodes', () => {
    expect(clusterTlsOptions(true, undefined)).toEqual({});
  });

  it('refuses a CA file without rediss:// nodes, naming the variables', () => {
    expect(() => clusterTlsOptions(false, '/ca.pem')).toThrow(/REDIS_TLS_CA_FILE.*REDIS_CLUSTER_NODES/);
  });
});

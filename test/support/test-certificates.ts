import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RedisServerTls } from './redis-server';

/**
 * Makes, with the openssl CLI, a throwaway CA and a server certificate it signs for 127.0.0.1 and
 * localhost, in `dir`: what a private Redis over TLS needs, trusted by nothing else.
 */
export function makeTestCertificates(dir: string): RedisServerTls {
  const [caFile, caKey, keyFile, csr, certFile, ext] = [
    'ca.crt',
    'ca.key',
    'server.key',
    'server.csr',
    'server.crt',
    'server.ext',
  ].map((name) => join(dir, name));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl(
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=llm-cache test CA'],
    ...['-keyout', caKey, '-out', caFile, '-addext', 'basicConstraints=critical,CA:TRUE'],
  );
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', keyFile, '-out', csr);
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    ...['x509', '-req', '-in', csr, '-CA', caFile, '-CAkey', caKey, '-CAcreateserial'],
    ...['-days', '1', '-extfile', ext, '-out', certFile],
  );
  return { certFile, keyFile, caFile };
}

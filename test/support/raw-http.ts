import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** The body parsed as JSON; undefined when it is not JSON. */
  body: unknown;
  text: string;
}

/** Whether `raw` holds a whole response: its head and as much body as content-length or chunking says. */
function isComplete(raw: Buffer): boolean {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return false;
  const head = raw.toString('latin1', 0, split).toLowerCase();
  const length = /\r\ncontent-length: *(\d+)/.exec(head)?.[1];
  if (length !== undefined) return raw.length - split - 4 >= Number(length);
  return /\r\ntransfer-encoding: *chunked/.test(head) && raw.subarray(-5).toString('latin1') === '0\r\n\r\n';
}

/**
 * One HTTP/1.1 request written byte for byte on its own connection, so header values can carry
 * what Node's client refuses to send (control characters, raw non-ASCII bytes, repeats). The
 * server's answer is read until its body is complete or the server closes the connection.
 */
export async function rawRequest(
  port: number,
  {
    method = 'POST',
    path,
    headers,
    body = '',
    timeoutMs = 20_000,
  }: { method?: string; path: string; headers: [string, Buffer][]; body?: string; timeoutMs?: number },
): Promise<RawResponse> {
  const payload = Buffer.from(body, 'utf8');
  const head = [
    Buffer.from(`${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n`, 'latin1'),
    ...headers.flatMap(([name, value]) => [Buffer.from(`${name}: `, 'latin1'), value, Buffer.from('\r\n')]),
    Buffer.from(`content-length: ${payload.length}\r\n\r\n`, 'latin1'),
  ];
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    // A bound for a request left hanging (a failure to report), not a speed requirement.
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`No complete answer within ${timeoutMs} ms`));
    });
    const parts: Buffer[] = [];
    // Complete at the end of its body: an event stream may keep the connection open (keep-alive).
    socket.on('data', (part) => {
      parts.push(part);
      if (!isComplete(Buffer.concat(parts))) return;
      socket.destroy();
      resolve(Buffer.concat(parts));
    });
    socket.on('end', () => {
      socket.end();
      resolve(Buffer.concat(parts));
    });
    // The server may answer and close before it has read everything written (a header too large).
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' && parts.length > 0 ? resolve(Buffer.concat(parts)) : reject(error),
    );
    // No half-close: Node's server drops a request whose client ended before the answer was ready.
    socket.write(Buffer.concat([...head, payload]));
  });
  return parseResponse(raw);
}

function parseResponse(raw: Buffer): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) throw new Error(`Not an HTTP response: ${JSON.stringify(raw.toString('latin1', 0, 200))}`);
  const [statusLine, ...lines] = raw.toString('latin1', 0, split).split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  const data = raw.subarray(split + 4);
  const text = (headers['transfer-encoding'] === 'chunked' ? unchunk(data) : data).toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body, text };
}

function unchunk(data: Buffer): Buffer {
  const chunks: Buffer[] = [];
  for (let at = 0; ;) {
    const lineEnd = data.indexOf('\r\n', at);
    const size = parseInt(data.toString('latin1', at, lineEnd), 16);
    if (!(size > 0)) return Buffer.concat(chunks);
    chunks.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

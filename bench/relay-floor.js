'use strict';
/**
 * The floor for bench/proxy-overhead.js: the least any HTTP proxy does between an OpenAI client and
 * its upstream, with no cache, no Nest and no checks. Fastify parses the JSON body; undici (the
 * service's upstream client) sends it on; the answer is relayed as it comes (an SSE stream chunk by
 * chunk, a JSON answer whole). Its added latency is what the extra hop itself costs on the machine
 * at the time of the run, so the service's figures can be read against it.
 *
 * Env: PORT (required), HOST (default 127.0.0.1), OPENAI_BASE_URL (required).
 * Answers GET /health/ready 200 once listening. Started and stopped by bench/proxy-overhead.js.
 */
const Fastify = require('fastify');
const { Agent, request } = require('undici');

const port = Number(process.env.PORT);
const host = process.env.HOST || '127.0.0.1';
const base = process.env.OPENAI_BASE_URL;
if (!Number.isInteger(port) || !base) {
  console.error('relay-floor: PORT and OPENAI_BASE_URL are required');
  process.exit(2);
}
const dispatcher = new Agent();
const app = Fastify({ logger: false, bodyLimit: 262144 });

app.get('/health/ready', async () => ({ status: 'ok' }));

app.post('/v1/chat/completions', async (req, reply) => {
  const upstream = await request(`${base}/chat/completions`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(req.body),
  });
  if (!req.body.stream) {
    reply.code(upstream.statusCode).header('content-type', upstream.headers['content-type']);
    return Buffer.from(await upstream.body.arrayBuffer());
  }
  reply.hijack();
  reply.raw.writeHead(upstream.statusCode, { 'content-type': upstream.headers['content-type'] });
  for await (const bytes of upstream.body) reply.raw.write(bytes);
  reply.raw.end();
});

app.listen({ port, host }).catch((error) => {
  console.error(`relay-floor: ${error.message}`);
  process.exit(1);
});

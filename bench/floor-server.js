'use strict';
/**
 * The floor for bench/ask-hit.js: a bare Fastify server doing the minimum work an exact-cache
 * hit on POST /ask needs, with none of Nest (no DI, pipes, validation, filters, metrics hooks).
 *
 * Per request: Fastify parses the JSON body; the question is normalised exactly as
 * src/common/normalize-question.ts does (NFKC, trim, collapse whitespace); the key is built as
 * src/prompt-cache/prompt-key.ts does (`prompt_cache:<namespace>:<sha256(model NUL question)>`);
 * one ioredis GET; the stored JSON is parsed and a response of the same shape as the service's
 * is sent. A missing key answers 404, so a floor that is not seeded shows up as non-2xx.
 *
 * Env: PORT (required), HOST (default 127.0.0.1), REDIS_URL (required), NAMESPACE (default
 * `default`), LLM_MODEL (default gpt-4o-mini), BODY_LIMIT_BYTES (default 262144, as the service).
 * Prints `FLOOR_READY <port>` on stdout once listening. Started and stopped by bench/ask-hit.js.
 */
const { createHash } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const Fastify = require('fastify');
const Redis = require('ioredis');

const port = Number(process.env.PORT);
const host = process.env.HOST || '127.0.0.1';
const redisUrl = process.env.REDIS_URL;
const defaultNamespace = process.env.NAMESPACE || 'default';
const defaultModel = process.env.LLM_MODEL || 'gpt-4o-mini';
const bodyLimit = Number(process.env.BODY_LIMIT_BYTES || 262144);
if (!Number.isInteger(port) || !redisUrl) {
  console.error('floor-server: PORT and REDIS_URL are required');
  process.exit(2);
}

function normalizeQuestion(question) {
  return question.normalize('NFKC').trim().replace(/\s+/gu, ' ');
}

function sha256(...parts) {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

// Same client options as src/redis/redis-client.provider.ts but auto-pipelining, which the
// floor, "one ioredis GET" per request, leaves at ioredis's default (off) unless
// FLOOR_AUTO_PIPELINING=1 gives it the service's batching too.
const redis = new Redis(redisUrl, {
  lazyConnect: true,
  enableAutoPipelining: process.env.FLOOR_AUTO_PIPELINING === '1',
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 2000,
  connectTimeout: 2000,
});
redis.on('error', (error) => console.error(`floor-server: redis error: ${error.message}`));

const app = Fastify({ logger: false, bodyLimit });

app.post('/ask', async (request, reply) => {
  const started = performance.now();
  const body = request.body;
  if (!body || typeof body.question !== 'string') {
    reply.code(400);
    return { error: 'question must be a string' };
  }
  const question = normalizeQuestion(body.question);
  const namespace = body.namespace ?? defaultNamespace;
  const model = body.model ?? defaultModel;
  const cacheKey = `prompt_cache:${namespace}:${sha256(model, question)}`;
  const raw = await redis.get(cacheKey);
  if (raw === null) {
    reply.code(404);
    return { error: 'not seeded', cacheKey };
  }
  const cached = JSON.parse(raw);
  const seconds = (performance.now() - started) / 1000;
  return {
    answer: cached.answer,
    source: 'prompt_cache',
    latencyMs: Math.round(seconds * 1e5) / 100,
    cacheKey,
    namespace,
    model,
  };
});

app.get('/health/ready', async () => ({ status: 'ok' }));

async function main() {
  await redis.connect();
  await app.listen({ port, host });
  process.stdout.write(`FLOOR_READY ${port}\n`);
}

async function shutdown() {
  try {
    await app.close();
  } finally {
    redis.disconnect();
    process.exit(0);
  }
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

main().catch((error) => {
  console.error(`floor-server: ${error.stack || error.message}`);
  process.exit(1);
});

import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RedisClient } from '../redis/redis-client';
import { parseArgs } from 'node:util';
import { CacheLayerSelection, clearsLayer, ClearResult } from '../common/cache-clearing';
import { NAMESPACE_PATTERN, NAMESPACE_RULE } from '../common/namespace';
import { AppConfigModule, AppConfigOptions } from '../config/app-config.module';
import { RedisVectorIndex } from '../vector-index/adapters/redis-vector-index';
import { RedisCacheStore } from '../cache-store/adapters/redis-cache-store';
import { embeddingsKeyPrefix, promptKeyPrefix } from '../prompt-cache/prompt-key';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { RedisModule } from '../redis/redis.module';

const USAGE = 'usage: npm run cache:clear -- [--layer all|prompt|semantic|embeddings] [--namespace NAME]';
const LAYERS: CacheLayerSelection[] = ['all', 'prompt', 'semantic', 'embeddings'];

export function parseClearArgs(argv: string[]): { layer: CacheLayerSelection; namespace?: string } {
  const { values } = parseArgs({
    args: argv,
    options: { layer: { type: 'string', default: 'all' }, namespace: { type: 'string' } },
  });
  const layer = values.layer as CacheLayerSelection;
  if (!LAYERS.includes(layer)) throw new Error(`--layer must be one of ${LAYERS.join(', ')}; ${USAGE}`);
  if (values.namespace !== undefined && !NAMESPACE_PATTERN.test(values.namespace)) {
    throw new Error(`--namespace must be ${NAMESPACE_RULE}; ${USAGE}`);
  }
  return { layer, namespace: values.namespace };
}

/**
 * The command-line form of DELETE /cache: deletes this service's keys in the Redis of REDIS_URL
 * or the cluster of REDIS_CLUSTER_NODES (SCAN by prefix on every master, never FLUSHDB). It works on Redis directly, without loading the semantic index.
 */
export async function clearCache(argv: string[], options: AppConfigOptions = {}): Promise<ClearResult> {
  const { layer, namespace } = parseClearArgs(argv);
  const { module: config, environment } = await AppConfigModule.load(options);
  if (environment.REDIS_URL === undefined && environment.REDIS_CLUSTER_NODES === undefined) {
    throw new Error(
      'REDIS_URL is not set: the in-process store lives inside the running server; clear it with DELETE /cache there',
    );
  }
  @Module({ imports: [config, RedisModule] })
  class ClearCacheCli {}
  const context = await NestFactory.createApplicationContext(ClearCacheCli, { logger: false, abortOnError: false });
  try {
    const redis = context.get<RedisClient>(REDIS_CLIENT);
    const store = new RedisCacheStore(redis);
    const prompt = clearsLayer(layer, 'prompt') ? await store.deleteByPrefix(promptKeyPrefix(namespace)) : 0;
    const semantic = clearsLayer(layer, 'semantic')
      ? await new RedisVectorIndex(redis, { ttlSeconds: 0, maxEntries: 1 }).clear(namespace)
      : 0;
    const embeddings = clearsLayer(layer, 'embeddings')
      ? await store.deleteByPrefix(embeddingsKeyPrefix(namespace))
      : 0;
    return { namespace: namespace ?? null, deleted: { prompt, semantic, embeddings } };
  } finally {
    await context.close();
  }
}

if (require.main === module) {
  clearCache(process.argv.slice(2))
    .then((result) => console.log(JSON.stringify(result)))
    .catch((error: Error) => {
      // console, not Nest's Logger: `logger: false` above silences the Logger too.
      console.error(`cache:clear failed: ${error.message}`);
      process.exitCode = 1;
    });
}

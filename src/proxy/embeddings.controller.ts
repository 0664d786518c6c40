import { Body, Controller, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import stringify from 'safe-stable-stringify';
import { InvalidRequestError } from '../common/errors/invalid-request.error';
import { sha256 } from '../common/sha256';
import { CacheConfig } from '../config/cache.config';
import { PromptCacheService } from '../prompt-cache/prompt-cache.service';
import { promptKeyPrefix } from '../prompt-cache/prompt-key';
import { parseCacheControls } from '../common/cache-controls';
import { missStatusOf } from '../common/cache-headers';
import { OpenAiErrorFilter } from './openai-error.filter';
import { fetchWhole, OpenAiJson, OpenAiUpstream } from './openai-upstream.port';
import { ProxyMetrics } from './proxy-metrics';

/** POST /v1/embeddings, cached exactly: the same input, model and dimensions get the same vectors. */
@Controller('v1')
@UseFilters(OpenAiErrorFilter)
export class EmbeddingsController {
  constructor(
    private readonly promptCache: PromptCacheService,
    private readonly upstream: OpenAiUpstream,
    private readonly config: CacheConfig,
    private readonly metrics: ProxyMetrics,
  ) {}

  @Post('embeddings')
  @HttpCode(200)
  async create(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidRequestError('request body must be a JSON object');
    const controls = parseCacheControls(request.headers);
    const { user: _user, ...canonical } = body as OpenAiJson;
    const key = `${promptKeyPrefix(controls.namespace ?? this.config.defaultNamespace)}${sha256('embeddings.v1', stringify(canonical) ?? '')}`;
    const cached = controls.read ? await this.promptCache.lookupValue(key) : undefined;
    if (cached !== undefined) {
      void reply.headers({ 'content-type': 'application/json', 'x-cache': 'HIT', 'x-cache-key': key }).send(cached);
      return;
    }
    const response = await this.metrics.timeUpstream(() => fetchWhole(this.upstream, { method: 'POST', path: 'embeddings', body: body as OpenAiJson }));
    // An upstream that compressed despite `accept-encoding: identity` is relayed, not cached (the bytes are not JSON).
    if (controls.write && !response.headers['content-encoding']) await this.promptCache.saveValue(key, response.bytes.toString('utf8'), controls.ttlSeconds);
    void reply.headers({ ...response.headers, 'x-cache': missStatusOf(true, controls), 'x-cache-key': key }).send(response.bytes);
  }
}

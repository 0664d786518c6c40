// class-transformer's @Type reads design metadata: make this file safe to load on its own (CLI, scripts, tests).
import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { Setting } from './setting.decorator';

/** One seed node: `host:port`, optionally as a `redis://` or `rediss://` URL with credentials. */
const CLUSTER_NODE = String.raw`(?:rediss?://(?:[^\s,/@]*@)?)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}/?`;
const CLUSTER_NODES_PATTERN = new RegExp(String.raw`^\s*${CLUSTER_NODE}(?:\s*,\s*${CLUSTER_NODE})*\s*$`);

/**
 * Every environment variable the service reads, validated at boot. A blank value means unset
 * (see validateEnvironment), so `PORT=` in a .env file keeps the default rather than becoming 0.
 * This class is the single source of the docs: `npm run docs:config` renders `.env.example` (from
 * each TSDoc and initialiser) and the README's configuration tables (from each {@link Setting}).
 */
export class Environment {
  /** TCP port the HTTP server listens on. Default 3000. */
  @Setting({ group: 'HTTP', main: true, doc: 'port the API listens on' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /**
   * Interface to bind (`0.0.0.0` = all interfaces, as a container needs). Unset: `127.0.0.1` (this
   * machine only) while the service runs open (no API_KEYS or API_KEYS_FILE), `0.0.0.0` with keys.
   */
  @Setting({
    group: 'HTTP',
    main: true,
    doc: 'interface to bind (`0.0.0.0` = all, as a container needs)',
    unset: '`127.0.0.1` without API keys, `0.0.0.0` with',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  HOST?: string;

  /** Largest accepted request body in bytes; larger bodies get 413. Default 262144 (256 KiB). */
  @Setting({ group: 'HTTP', main: false, doc: 'largest request body in bytes; larger gets 413' })
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 262_144;

  /**
   * Longest accepted question in characters, after whitespace normalisation; a longer one gets 400.
   * Default 8000.
   */
  @Setting({ group: 'HTTP', main: false, doc: 'longest question after whitespace normalisation; longer gets 400' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  MAX_QUESTION_CHARS = 8000;

  /**
   * API keys for a quick start, comma-separated `key:namespace` pairs (`sk-a:team-a,sk-b:team-b`); a
   * key without `:namespace` gets a namespace derived from it (HMAC-SHA256 with CACHE_SECRET). Unset,
   * and API_KEYS_FILE unset too: the service runs open, without authentication (HOST then defaults
   * to 127.0.0.1).
   */
  @Setting({
    group: 'Access',
    main: false,
    doc: '`key:namespace,key:namespace`; with keys set, /ask and /v1 need `Authorization: Bearer <key>`; unset = open',
  })
  @IsOptional()
  @IsString()
  API_KEYS?: string;

  /**
   * JSON or YAML file of API keys (name, key or its sha256, namespace, allowed models, rateLimitRpm;
   * see the README), re-read within a second of a change; a file that no longer parses keeps the
   * last good keys. Unset: only API_KEYS (if set).
   */
  @Setting({
    group: 'Access',
    main: false,
    doc: 'JSON/YAML file of API keys, reloaded on change; unset = API_KEYS only',
  })
  @IsOptional()
  @IsString()
  API_KEYS_FILE?: string;

  /**
   * Secret (at least 16 characters) keying the HMAC that derives a namespace from an API key, so no
   * key material reaches Redis. Required when API_KEYS or API_KEYS_FILE is set, and with
   * UPSTREAM_AUTH=passthrough; Unset: not needed (open mode).
   */
  @Setting({
    group: 'Access',
    main: false,
    doc: 'HMAC secret for namespaces derived from keys; required with API keys or passthrough',
  })
  @ValidateIf(
    (env: Environment) =>
      env.API_KEYS !== undefined || env.API_KEYS_FILE !== undefined || env.UPSTREAM_AUTH === 'passthrough',
  )
  @IsString({ message: 'CACHE_SECRET is required when API_KEYS or API_KEYS_FILE is set, or UPSTREAM_AUTH=passthrough' })
  @MinLength(16, { message: 'CACHE_SECRET must be at least 16 characters' })
  CACHE_SECRET?: string;

  /**
   * Key (at least 16 characters) of the admin endpoints (`DELETE /cache*`), sent as
   * `Authorization: Bearer <key>` or `x-api-key`. Unset: they answer 403, except to callers on this
   * machine (loopback) while the service runs open.
   */
  @Setting({
    group: 'Access',
    main: false,
    doc: 'key of `DELETE /cache*`; unset = 403, except on loopback in open mode',
  })
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_KEY must be at least 16 characters' })
  ADMIN_KEY?: string;

  /**
   * Requests per minute allowed to each API key that sets no `rateLimitRpm` of its own, cache hits
   * included. Default 0 (unlimited).
   */
  @Setting({ group: 'Access', main: false, doc: 'requests per minute per API key (hits included); 0 = unlimited' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_RPM = 0;

  /**
   * Whose key goes upstream on a miss: `server` (OPENAI_API_KEY, ANTHROPIC_API_KEY) or `passthrough`
   * (the caller's own `Authorization: Bearer` key, or its `x-api-key` while no service keys are
   * configured; service API keys, if any, then go in `x-api-key`). In passthrough a caller reads
   * cached answers only once the upstream has accepted its key. Default `server`.
   */
  @Setting({
    group: 'Access',
    main: false,
    doc: "`server` (OPENAI_API_KEY, ANTHROPIC_API_KEY) or `passthrough` (the caller's own key goes upstream; see Access control)",
  })
  @IsIn(['server', 'passthrough'])
  UPSTREAM_AUTH: 'server' | 'passthrough' = 'server';

  /**
   * Passthrough: seconds the service remembers that the upstream accepted a caller's key (an HMAC
   * of it, in Redis or in process); after that the key's next request goes upstream again before it
   * may read the cache. Default 3600.
   */
  @Setting({ group: 'Access', main: false, doc: 'passthrough: seconds an accepted upstream key may read the cache' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  PASSTHROUGH_KEY_TTL_S = 3600;

  /**
   * Redis connection URL (`redis://[[user]:password@]host:port[/db]`, e.g. `redis://localhost:6379/0`;
   * `rediss://` for TLS; `docker compose up` starts one). Unset, and REDIS_CLUSTER_NODES unset too: the
   * in-process store (a bounded LRU), lost on restart and not shared between replicas.
   */
  @Setting({ group: 'Store', main: true, doc: 'Redis store; unset = in-process store, lost on restart and not shared' })
  @IsOptional()
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false })
  REDIS_URL?: string;

  /**
   * Redis Cluster seed nodes, comma-separated `host:port` (`10.0.0.1:6379,10.0.0.2:6379`); the
   * client discovers the rest. An entry may be a URL (`rediss://user:password@host:port`) to turn
   * on TLS and give credentials, which then apply to every node. Exclusive with REDIS_URL: set one.
   * Unset: REDIS_URL decides.
   */
  @Setting({
    group: 'Store',
    main: false,
    doc: 'Redis Cluster seed nodes `host:port,host:port`; exclusive with REDIS_URL; unset = REDIS_URL decides',
  })
  @IsOptional()
  @Matches(CLUSTER_NODES_PATTERN, {
    message: 'REDIS_CLUSTER_NODES must be comma-separated host:port (or redis[s]://[user:password@]host:port)',
  })
  @ValidateBy({
    name: 'exclusiveWithRedisUrl',
    validator: {
      validate: (_value, args) => (args?.object as Environment).REDIS_URL === undefined,
      defaultMessage: () => 'REDIS_CLUSTER_NODES and REDIS_URL are exclusive: set one of them',
    },
  })
  REDIS_CLUSTER_NODES?: string;

  /**
   * PEM file of the certificate authorities trusted for a `rediss://` REDIS_URL or REDIS_CLUSTER_NODES
   * (a private CA), read once at boot. Unset: the system's CAs. Set without TLS, boot stops.
   */
  @Setting({
    group: 'Store',
    main: false,
    doc: 'PEM CA bundle trusted for a `rediss://` REDIS_URL or REDIS_CLUSTER_NODES; unset = the system CAs',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  REDIS_TLS_CA_FILE?: string;

  /**
   * Timeout in milliseconds of each Redis command and readiness ping (boot waits at least 5000 for
   * the connection). Default 2000.
   */
  @Setting({ group: 'Store', main: false, doc: 'ms timeout of each Redis command and readiness ping' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  REDIS_TIMEOUT_MS = 2000;

  /** Lifetime of a cached answer in seconds, in both layers. Default 3600. 0 = never expires. */
  @Setting({ group: 'Cache', main: true, doc: 'seconds an answer lives in both layers; 0 = forever' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  CACHE_TTL = 3600;

  /**
   * Most entries per layer held by the in-process store (the least recently used are evicted beyond
   * it). Default 10000.
   */
  @Setting({ group: 'Cache', main: false, doc: 'entries per layer in the in-process store (LRU)' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  CACHE_MAX_ENTRIES = 10_000;

  /**
   * Largest answer stored, in bytes of its text plus tool calls (the same whether it came as JSON or
   * as a stream); a larger one is relayed to the caller but not stored. Default 1048576 (1 MiB).
   */
  @Setting({
    group: 'Cache',
    main: false,
    doc: 'largest answer stored, in bytes (text + tool calls); larger is relayed, not stored',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  CACHE_MAX_ENTRY_BYTES = 1_048_576;

  /**
   * Most semantic entries per namespace; the least recently written or hit are evicted
   * beyond it (in Redis and every replica's index). Default 100000. 0 = unbounded.
   */
  @Setting({
    group: 'Semantic',
    main: true,
    doc: "semantic entries per namespace (LRU beyond, in Redis and every replica's index); 0 = unbounded",
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SEMANTIC_MAX_ENTRIES = 100_000;

  /**
   * Most semantic entries across all namespaces; the least recently written or hit, whatever their
   * namespace, are evicted beyond it (in Redis and every replica's index, as SEMANTIC_MAX_ENTRIES).
   * Unset: sized from the replica's memory, a quarter of it (the cgroup limit `memory.max` when
   * set, else the machine's) divided by an estimate of one entry's bytes (EMBED_DIMENSIONS, else
   * 1536 dimensions, at VECTOR_QUANTIZATION, plus graph links and, without Redis, the answer text).
   * 0 = unbounded.
   */
  @Setting({
    group: 'Semantic',
    main: false,
    doc: 'semantic entries across all namespaces (LRU beyond, in Redis and every replica); unset = a quarter of the memory; 0 = unbounded',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SEMANTIC_MAX_TOTAL_ENTRIES?: number;

  /**
   * How semantic vectors are held in the HNSW graphs: `float32`, `float16` (half the memory and
   * distance cost) or `int8` (a quarter; with Redis, the stored hashes too). Similarities are
   * re-scored on the stored vector, so the graph only proposes candidates. Recall and memory per
   * value in docs/BENCHMARKS.md. Default `float32`.
   */
  @Setting({
    group: 'Semantic',
    main: false,
    doc: 'HNSW graph vectors: `float32`, `float16` (half the memory and distance cost) or `int8` (a quarter; Redis hashes too); hits are re-scored on the stored vector',
  })
  @IsIn(['float32', 'float16', 'int8'])
  VECTOR_QUANTIZATION: 'float32' | 'float16' | 'int8' = 'float32';

  /**
   * HNSW efSearch of the semantic index's graphs, used in partitions beyond 512 entries (smaller ones
   * are scanned exactly): higher finds the true nearest neighbour more often, at some latency
   * (measured per value in docs/BENCHMARKS.md). Default 64.
   */
  @Setting({
    group: 'Semantic',
    main: false,
    doc: 'HNSW efSearch: recall against latency in partitions beyond 512 entries (table in docs/BENCHMARKS.md)',
  })
  @Type(() => Number)
  @IsInt()
  @Min(8)
  @Max(4096)
  SEMANTIC_HNSW_EF_SEARCH = 64;

  /** Seconds between sweeps that drop expired entries from the in-process semantic index. Default 60. */
  @Setting({
    group: 'Semantic',
    main: false,
    doc: 'seconds between sweeps of expired entries out of the in-process index',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SEMANTIC_SWEEP_INTERVAL_S = 60;

  /**
   * With Redis: a directory for snapshots of the semantic index, so a restart loads the snapshot and
   * catches up from the change stream instead of rebuilding from Redis. Unset: no snapshots.
   */
  @Setting({
    group: 'Semantic',
    main: false,
    doc: 'Redis: where index snapshots go, so a restart loads one and catches up from the change stream',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  SEMANTIC_SNAPSHOT_DIR?: string;

  /** Seconds between snapshots (one is also written at shutdown). Default 300. */
  @Setting({ group: 'Semantic', main: false, doc: 'seconds between snapshots (one more at shutdown)' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SEMANTIC_SNAPSHOT_INTERVAL_S = 300;

  /**
   * Namespace used when a request names none (1-64 characters of A-Z a-z 0-9 _ . -). Default
   * `default`.
   */
  @Setting({ group: 'Cache', main: true, doc: 'namespace of requests that name none' })
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, {
    message: 'CACHE_DEFAULT_NAMESPACE must be 1-64 characters of A-Z a-z 0-9 _ . -',
  })
  CACHE_DEFAULT_NAMESPACE = 'default';

  /** Proxy: requests with a higher `temperature` are forwarded without caching. Default 1.0. */
  @Setting({ group: 'Proxy', main: true, doc: 'proxy: higher `temperature` is forwarded uncached' })
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(2)
  CACHE_MAX_TEMPERATURE = 1.0;

  /**
   * Proxy: requests with a higher `temperature` skip the semantic layer (exact matches only) and are
   * never merged with identical requests in flight (their answers are meant to differ); an unset
   * temperature counts as low. Default 0.7.
   */
  @Setting({
    group: 'Proxy',
    main: false,
    doc: 'proxy: higher `temperature` uses the exact layer only and is never merged with identical requests in flight',
  })
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(2)
  SEMANTIC_MAX_TEMPERATURE = 0.7;

  /**
   * Proxy: the semantic layer answers and stores only conversations of at most this many messages
   * (system and developer messages not counted), on every protocol. Turns of one agent loop look
   * alike; a longer conversation is matched by exact key only. Default 3.
   */
  @Setting({
    group: 'Proxy',
    main: false,
    doc: 'proxy: conversations with more messages (system ones not counted) use the exact layer only',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SEMANTIC_MAX_MESSAGES = 3;

  /**
   * Proxy: cache requests whose messages hold images, audio or files, by exact match only (the
   * semantic layer compares text). Default false: such requests are forwarded uncached.
   */
  @Setting({
    group: 'Proxy',
    main: false,
    doc: 'proxy: cache image/audio/file requests by exact match instead of forwarding them uncached',
  })
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' || value === true ? true : value === 'false' || value === false ? false : value,
  )
  @IsBoolean()
  CACHE_NON_TEXT = false;

  /** Proxy: pause in milliseconds between the chunks of a replayed stream (0 = as fast as possible). Default 0. */
  @Setting({ group: 'Proxy', main: false, doc: 'proxy: ms pause between replayed stream chunks; 0 = none' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  STREAM_REPLAY_CHUNK_DELAY_MS = 0;

  /**
   * With Redis: milliseconds a single-flight lock outlives a replica that died while calling the
   * upstream (a live holder refreshes it); the other replicas' waiters then take over. Default 10000.
   */
  @Setting({
    group: 'Cache',
    main: false,
    doc: "Redis: ms a dead replica's single-flight lock lives on before other replicas take over",
  })
  @Type(() => Number)
  @IsInt()
  @Min(100)
  COALESCE_LOCK_TTL_MS = 10_000;

  /**
   * API key for the OpenAI-compatible server (chat and embeddings). Unset, and OPENAI_BASE_URL unset
   * too: the service still starts and serves cache hits; misses answer 503 and /health/ready reports
   * the LLM as not configured. With UPSTREAM_AUTH=passthrough it never goes upstream for a caller;
   * only the `openai` embedder of the semantic layer uses it.
   */
  @Setting({
    group: 'LLM',
    main: true,
    doc: 'key for the OpenAI-compatible server; with neither a key nor a base URL, misses answer 503',
  })
  @IsOptional()
  @IsString()
  OPENAI_API_KEY?: string;

  /**
   * Base URL of an OpenAI-compatible server (Azure, Ollama, vLLM...), e.g.
   * `http://localhost:11434/v1` (Ollama) or `http://localhost:8000/v1` (vLLM). Unset:
   * `https://api.openai.com/v1`.
   */
  @Setting({
    group: 'LLM',
    main: true,
    doc: 'OpenAI-compatible server (Azure, Ollama, vLLM...)',
    unset: 'api.openai.com',
  })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  OPENAI_BASE_URL?: string;

  /**
   * Chat model asked on a miss, and the default `model` of a request (part of the cache key). Default
   * `gpt-4o-mini`.
   */
  @Setting({ group: 'LLM', main: true, doc: 'model asked on a miss; default `model` of a request' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  LLM_MODEL = 'gpt-4o-mini';

  /**
   * Longest wait in milliseconds for the headers of an LLM answer, retries included (then 504
   * `E_LLM_TIMEOUT`), and for each piece of a stream (a long answer that keeps streaming is not cut
   * off); /ask and the /v1 proxy alike. The request's deadline (REQUEST_TIMEOUT_MS) may end the wait
   * sooner. Default 30000.
   */
  @Setting({
    group: 'LLM',
    main: true,
    doc: 'ms to wait for the headers of an LLM answer, retries included (then 504), and for each streamed piece',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LLM_TIMEOUT_MS = 30_000;

  /**
   * `/ask`: retries on connection errors, 408/409/429 and 5xx (the openai SDK's policy: exponential
   * backoff, `retry-after`/`retry-after-ms` and `x-should-retry` honoured), as its caller cannot
   * retry for it; never past the request's deadline. Default 2. 0 = no retry.
   */
  @Setting({
    group: 'LLM',
    main: false,
    doc: '`/ask`: retries on connection errors, 408/409/429/5xx (`retry-after`, `x-should-retry` honoured)',
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  LLM_MAX_RETRIES = 2;

  /**
   * `/v1` proxy: retries of a failed upstream call, as for LLM_MAX_RETRIES. Default 0: OpenAI-compatible
   * clients retry by themselves and act on the relayed `retry-after` and `x-should-retry`, so retries
   * here would multiply theirs (the official client's 3 attempts × 3 = 9 upstream calls).
   */
  @Setting({
    group: 'Proxy',
    main: false,
    doc: '`/v1` proxy: retries of a failed upstream call; 0 as clients retry themselves',
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  PROXY_MAX_RETRIES = 0;

  /**
   * Base URL of the Anthropic API that `POST /v1/messages` forwards misses to, without `/v1` (as the
   * Anthropic SDKs take it): requests go to `<ANTHROPIC_BASE_URL>/v1/messages`. Unset:
   * `https://api.anthropic.com`.
   */
  @Setting({
    group: 'Anthropic',
    main: false,
    doc: 'Anthropic API for `/v1/messages`, without `/v1` (as the Anthropic SDKs take it)',
    unset: 'api.anthropic.com',
  })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  ANTHROPIC_BASE_URL?: string;

  /**
   * Key sent as `x-api-key` with each `/v1/messages` miss. Unset, and ANTHROPIC_BASE_URL unset too:
   * `/v1/messages` still serves cache hits; misses answer 503. With UPSTREAM_AUTH=passthrough the
   * caller's own key goes instead.
   */
  @Setting({
    group: 'Anthropic',
    main: false,
    doc: 'key sent as `x-api-key` on `/v1/messages` misses; with neither a key nor a base URL, misses answer 503',
  })
  @IsOptional()
  @IsString()
  ANTHROPIC_API_KEY?: string;

  /**
   * `openai` (the /v1/embeddings endpoint of the LLM server), `lexical` (offline, no download) or
   * `local` (an ONNX sentence-embedding model in EMBED_MODEL_DIR, run in-process on the CPU). Unset:
   * `openai` when OPENAI_API_KEY or OPENAI_BASE_URL is set, else `lexical`.
   */
  @Setting({
    group: 'Embeddings',
    main: true,
    doc: '`openai`, `lexical` (offline) or `local` (an ONNX model run in-process)',
    unset: '`openai` if an upstream is set, else `lexical`',
  })
  @IsOptional()
  @IsIn(['openai', 'lexical', 'local'])
  EMBED_PROVIDER?: 'openai' | 'lexical' | 'local';

  /** Embedding model for `EMBED_PROVIDER=openai`. Default `text-embedding-3-small`. */
  @Setting({ group: 'Embeddings', main: true, doc: 'embedding model for `openai`' })
  @IsString()
  @MinLength(1)
  EMBED_MODEL = 'text-embedding-3-small';

  /**
   * Length of the vectors `EMBED_PROVIDER=openai` asks for (the `dimensions` parameter of the
   * text-embedding-3 models). Unset: the model's own length. Part of the embedder id.
   */
  @Setting({
    group: 'Embeddings',
    main: false,
    doc: "`openai`: vector length to ask for (text-embedding-3 `dimensions`); unset = the model's own",
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  EMBED_DIMENSIONS?: number;

  /**
   * Directory of the model for `EMBED_PROVIDER=local`, required then, as Hugging Face exports it for
   * transformers.js: config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx (fp32).
   * Unset: only the `openai` and `lexical` embedders can run.
   */
  @Setting({
    group: 'Embeddings',
    main: true,
    doc: '`local` (required then): model directory with config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx',
  })
  @ValidateIf((env: Environment) => env.EMBED_PROVIDER === 'local' || env.EMBED_MODEL_DIR !== undefined)
  @IsString({ message: 'EMBED_MODEL_DIR is required with EMBED_PROVIDER=local' })
  @MinLength(1)
  EMBED_MODEL_DIR?: string;

  /**
   * `EMBED_PROVIDER=local`: fetch the model's missing files from the Hugging Face Hub into
   * EMBED_MODEL_DIR, which must then end in `<owner>/<name>` (e.g.
   * `/models/Xenova/all-MiniLM-L6-v2`). Default false: nothing is downloaded.
   */
  @Setting({
    group: 'Embeddings',
    main: false,
    doc: '`local`: fetch missing model files from the Hugging Face Hub into EMBED_MODEL_DIR (`…/<owner>/<name>`)',
  })
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' || value === true ? true : value === 'false' || value === false ? false : value,
  )
  @IsBoolean()
  EMBED_ALLOW_DOWNLOAD = false;

  /**
   * Longest wait in milliseconds for one embedding, and never past the request's deadline
   * (REQUEST_TIMEOUT_MS); past it the semantic layer is a miss for that request. Default 5000.
   */
  @Setting({
    group: 'Embeddings',
    main: false,
    doc: "ms to wait for one embedding (never past the request's deadline); past it the semantic layer is a miss",
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  EMBED_TIMEOUT_MS = 5000;

  /**
   * Cosine similarity (0-1) a semantic match needs. Unset: the embedder's own default (lexical 0.975,
   * chosen in docs/BENCHMARKS.md; openai and local 0.9, not yet calibrated offline).
   */
  @Setting({
    group: 'Embeddings',
    main: true,
    doc: 'cosine similarity (0-1) a semantic match needs',
    unset: 'per embedder (lexical 0.975, openai 0.9, local 0.9)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  EMBED_SIM_THRESHOLD?: number;

  /**
   * Second opinion on semantic candidates: `guard` (offline checks that reject a cached question
   * disagreeing on numbers, negation, units, dates, names or quoted terms), `llm` (a yes/no question
   * to the LLM upstream; an error or timeout is a miss) or `none` (the threshold alone decides: no
   * uncertainty band). Default `guard`.
   */
  @Setting({
    group: 'Semantic',
    main: false,
    doc: '`guard` (offline checks: numbers, negation, units, dates, names), `llm` (a yes/no judgement upstream) or `none`',
  })
  @IsIn(['guard', 'llm', 'none'])
  SEMANTIC_VERIFIER: 'guard' | 'llm' | 'none' = 'guard';

  /**
   * Width of the uncertainty band below the similarity threshold: a candidate in
   * [threshold − band, threshold) is served only if SEMANTIC_VERIFIER accepts it (never with `none`).
   * Default 0.005: the widest band of the bench's grid with at most 1 % wrong hits per lookup on every
   * labelled set with the lexical embedder and the guard (`npm run bench:semantic-quality`,
   * docs/BENCHMARKS.md); wider bands add hits there, at more wrong hits. 0 = no band.
   */
  @Setting({
    group: 'Semantic',
    main: false,
    doc: 'candidates this far below the threshold are served only if the verifier accepts them; 0 = none',
  })
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  SEMANTIC_UNCERTAINTY_BAND = 0.005;

  /**
   * Which semantic hits the verifier judges: `band` (only candidates in the uncertainty band) or
   * `all` (every semantic hit, above the threshold too). Default `band`.
   */
  @Setting({
    group: 'Semantic',
    main: false,
    doc: '`band` (verify candidates in the band) or `all` (every semantic hit)',
  })
  @IsIn(['band', 'all'])
  SEMANTIC_VERIFY: 'band' | 'all' = 'band';

  /**
   * A semantic entry reported wrong (POST /cache/entries/{key}/feedback) more than this many times is
   * deleted. Default 3. 0 = the first wrong report deletes it.
   */
  @Setting({ group: 'Semantic', main: false, doc: 'an entry reported wrong more than this many times is deleted' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SEMANTIC_FEEDBACK_EVICT_AFTER = 3;

  /**
   * How far above the similarity of a wrong outcome (a wrong-hit report, a verifier rejection) an
   * entry's own threshold rises. Default 0.01. 0 = just above it.
   */
  @Setting({
    group: 'Semantic',
    main: false,
    doc: "how far above a wrong outcome's similarity the entry's threshold rises",
  })
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  SEMANTIC_FEEDBACK_RAISE_MARGIN = 0.01;

  /**
   * Error rate an entry may have among the hits it serves: its own threshold is the lowest similarity
   * at which the 95 % Wilson upper bound of its observed error rate (feedback and verifier outcomes)
   * stays at or below it. Default 0.02. Lower = stricter, and more correct reports needed to relax.
   */
  @Setting({
    group: 'Semantic',
    main: false,
    doc: 'target error rate of the per-entry thresholds learnt from outcomes',
  })
  @Type(() => Number)
  @IsNumber()
  @Min(0.001)
  @Max(0.5)
  SEMANTIC_MAX_ERROR_RATE = 0.02;

  /**
   * JSON file of per-namespace semantic settings, read at boot: `{"team-a": {"threshold": 0.9,
   * "band": 0.05, "ttlSeconds": 3600}}`; a sub-namespace (`team-a/docs`) without its own entry takes
   * its parent's. Each field is optional and falls back to EMBED_SIM_THRESHOLD,
   * SEMANTIC_UNCERTAINTY_BAND and CACHE_TTL. Unset: every namespace uses those.
   */
  @Setting({ group: 'Semantic', main: false, doc: 'JSON file of per-namespace threshold, band and ttlSeconds' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  SEMANTIC_NAMESPACE_SETTINGS_FILE?: string;

  /** Model that SEMANTIC_VERIFIER=llm asks (a small, fast one will do). Unset: LLM_MODEL. */
  @Setting({ group: 'Semantic', main: false, doc: 'model asked by `SEMANTIC_VERIFIER=llm`', unset: 'LLM_MODEL' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  VERIFY_MODEL?: string;

  /**
   * Longest wait in milliseconds for the yes/no of SEMANTIC_VERIFIER=llm; past it the candidate is a
   * miss. Default 2000.
   */
  @Setting({
    group: 'Semantic',
    main: false,
    doc: '`SEMANTIC_VERIFIER=llm`: ms to wait for its yes/no; past it, a miss',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  VERIFY_TIMEOUT_MS = 2000;

  /**
   * The deadline of a whole request in milliseconds: the embedding, the lookups, waiting for an
   * identical request in flight and the upstream call all share it, until an answer begins (a
   * stream's headers; the stream itself then runs on). Past it: 504 `E_REQUEST_TIMEOUT`. Unset:
   * LLM_TIMEOUT_MS + EMBED_TIMEOUT_MS (35000 with their defaults), so a slow embedder never eats
   * the upstream's time.
   */
  @Setting({
    group: 'Resilience',
    main: false,
    doc: 'ms a request may take until its answer begins (then 504 `E_REQUEST_TIMEOUT`)',
    unset: '`LLM_TIMEOUT_MS` + `EMBED_TIMEOUT_MS`',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  REQUEST_TIMEOUT_MS?: number;

  /**
   * Consecutive failures (errors or timeouts) of the embedder, the LLM upstream or Redis that open
   * that dependency's circuit breaker: while open, it is not called at all (the semantic layer or
   * Redis is a miss, the upstream answers 503 with `retry-after`). An upstream 4xx is the caller's
   * fault and never counts. Default 5. 0 = breakers off.
   */
  @Setting({
    group: 'Resilience',
    main: false,
    doc: 'consecutive failures of the embedder, upstream or Redis that open its circuit breaker; 0 = off',
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  CIRCUIT_FAILURE_THRESHOLD = 5;

  /**
   * Milliseconds an open circuit breaker waits before letting one probe call through; the probe
   * succeeding closes it, failing opens it again for as long. Default 5000.
   */
  @Setting({
    group: 'Resilience',
    main: false,
    doc: 'ms an open circuit waits before one probe call (success closes it)',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  CIRCUIT_HALF_OPEN_AFTER_MS = 5000;

  /**
   * On SIGTERM: milliseconds the service keeps accepting connections with `/health/ready` answering
   * 503, so the load balancer stops sending requests before the listener closes. Default 5000.
   */
  @Setting({
    group: 'Resilience',
    main: false,
    doc: 'SIGTERM: ms of readiness 503 before new connections are refused',
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SHUTDOWN_DRAIN_MS = 5000;

  /**
   * On SIGTERM: the longest shutdown may take in milliseconds, the drain included. In-flight
   * requests and streams finish within it (then the index snapshot, if configured, and Redis close,
   * and the process exits 0); past it their connections are cut and the process exits 1. Keep it
   * under the orchestrator's own grace period (Kubernetes: 30 s by default). Default 25000.
   */
  @Setting({
    group: 'Resilience',
    main: false,
    doc: 'SIGTERM: ms in-flight requests and streams get to finish, drain included; then cut (exit 1)',
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SHUTDOWN_GRACE_MS = 25_000;

  /**
   * OTLP/HTTP base URL traces are sent to (the standard OpenTelemetry variable; spans go to
   * `<url>/v1/traces`), e.g. `http://otel-collector:4318`. Unset: tracing is off, and the spans cost
   * next to nothing. The exporter also reads the other standard `OTEL_EXPORTER_OTLP_*` variables
   * (headers, timeout) itself.
   */
  @Setting({
    group: 'Tracing',
    main: false,
    doc: 'OTLP/HTTP endpoint for OpenTelemetry traces (`<url>/v1/traces`); unset = tracing off',
  })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** `service.name` of the spans (the standard OpenTelemetry variable). Default `llm-cache`. */
  @Setting({ group: 'Tracing', main: false, doc: '`service.name` of the spans' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  OTEL_SERVICE_NAME = 'llm-cache';

  /**
   * JSON file of model prices (USD per 1M input and output tokens) that overrides and extends the
   * built-in table `src/pricing/prices.json`, in the same shape: `{ "models": { "gpt-4o": { "input":
   * 2.5, "output": 10 } } }`. A hit on a model in neither table counts its saved tokens but no cost.
   * Unset = the built-in table only.
   */
  @Setting({
    group: 'Observability',
    main: false,
    doc: 'JSON price table (USD per 1M tokens) overriding the built-in one, for `llm_cache_saved_cost_usd_total`',
    unset: 'built-in table',
  })
  @IsOptional()
  @IsString()
  PRICES_FILE?: string;

  /**
   * Lowest level logged: `fatal`, `error`, `warn`, `info`, `debug` or `trace`. Questions, answers
   * and keys are never logged at `info` or above. Default `info`.
   */
  @Setting({ group: 'Observability', main: false, doc: 'lowest log level: `error`, `warn`, `info`, `debug`...' })
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
  LOG_LEVEL = 'info';
}

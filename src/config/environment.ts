// class-transformer's @Type reads design metadata: make this file safe to load on its own (CLI, scripts, tests).
import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';

/**
 * Every environment variable the service reads, validated at boot. A blank value means unset
 * (see validateEnvironment), so `PORT=` in a .env file keeps the default rather than becoming 0.
 * `.env.example` documents each one; the README's table repeats it.
 */
export class Environment {
  /** TCP port the HTTP server listens on. Default 3000. */
  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  /** Interface to bind. Default `0.0.0.0` (all interfaces, as a container needs). */
  @IsString() @MinLength(1)
  HOST = '0.0.0.0';

  /** Largest accepted request body in bytes; larger bodies get 413. Default 262144 (256 KiB). */
  @Type(() => Number) @IsInt() @Min(1024)
  BODY_LIMIT_BYTES = 262_144;

  /** Longest accepted question in characters (after normalisation). Default 8000. */
  @Type(() => Number) @IsInt() @Min(1)
  MAX_QUESTION_CHARS = 8000;

  /** Redis connection URL (`redis://[:password@]host:port[/db]`). Unset: the in-process store is used. */
  @IsOptional() @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false })
  REDIS_URL?: string;

  /** Timeout in milliseconds of each Redis command and readiness ping (boot waits at least 5000). Default 2000. */
  @Type(() => Number) @IsInt() @Min(1)
  REDIS_TIMEOUT_MS = 2000;

  /** Lifetime of a cached answer in seconds, in both layers. Default 3600. 0 = never expires. */
  @Type(() => Number) @IsInt() @Min(0)
  CACHE_TTL = 3600;

  /** Most entries per layer held by the in-process store (LRU beyond it). Default 10000. */
  @Type(() => Number) @IsInt() @Min(1)
  CACHE_MAX_ENTRIES = 10_000;

  /**
   * Most semantic entries per namespace; the least recently written or hit are evicted
   * beyond it (in Redis and every replica's index). Default 100000. 0 = unbounded.
   */
  @Type(() => Number) @IsInt() @Min(0)
  SEMANTIC_MAX_ENTRIES = 100_000;

  /**
   * How semantic vectors are held in the HNSW graphs: `float32`, `float16` (half the memory and
   * distance cost) or `int8` (a quarter; with Redis, the stored hashes too). Similarities are
   * re-scored on the stored vector, so the graph only proposes candidates. Recall and memory per
   * value in docs/BENCHMARKS.md. Default `float32`.
   */
  @IsIn(['float32', 'float16', 'int8'])
  VECTOR_QUANTIZATION: 'float32' | 'float16' | 'int8' = 'float32';

  /**
   * HNSW efSearch of the semantic index's graphs: higher finds the true nearest neighbour more often
   * in large partitions, at some latency (measured per value in docs/BENCHMARKS.md). Default 64.
   */
  @Type(() => Number) @IsInt() @Min(8) @Max(4096)
  SEMANTIC_HNSW_EF_SEARCH = 64;

  /** Seconds between sweeps that drop expired entries from the in-process semantic index. Default 60. */
  @Type(() => Number) @IsInt() @Min(1)
  SEMANTIC_SWEEP_INTERVAL_S = 60;

  /**
   * With Redis: a directory for snapshots of the semantic index, so a restart loads the snapshot and
   * catches up from the change stream instead of rebuilding from Redis. Unset: no snapshots.
   */
  @IsOptional() @IsString() @MinLength(1)
  SEMANTIC_SNAPSHOT_DIR?: string;

  /** Seconds between snapshots (one is also written at shutdown). Default 300. */
  @Type(() => Number) @IsInt() @Min(1)
  SEMANTIC_SNAPSHOT_INTERVAL_S = 300;

  /** Namespace used when a request names none. Default `default`. */
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'CACHE_DEFAULT_NAMESPACE must be 1-64 characters of A-Z a-z 0-9 _ . -' })
  CACHE_DEFAULT_NAMESPACE = 'default';

  /** Proxy requests with a higher `temperature` are forwarded without caching. Default 1.0. */
  @Type(() => Number) @IsNumber() @Min(0) @Max(2)
  CACHE_MAX_TEMPERATURE = 1.0;

  /** Proxy requests with a higher `temperature` skip the semantic layer (exact matches only). Default 0.7. */
  @Type(() => Number) @IsNumber() @Min(0) @Max(2)
  SEMANTIC_MAX_TEMPERATURE = 0.7;

  /**
   * Proxy: cache requests whose messages hold images, audio or files, by exact match only (the
   * semantic layer compares text). Default false: such requests are forwarded uncached.
   */
  @Transform(({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value))
  @IsBoolean()
  CACHE_NON_TEXT = false;

  /** Proxy: pause in milliseconds between the chunks of a replayed stream (0 = as fast as possible). Default 0. */
  @Type(() => Number) @IsInt() @Min(0) @Max(1000)
  STREAM_REPLAY_CHUNK_DELAY_MS = 0;

  /**
   * With Redis: milliseconds a single-flight lock outlives a replica that died while calling the
   * upstream (a live holder refreshes it); the other replicas' waiters then take over.
   */
  @Type(() => Number) @IsInt() @Min(100)
  COALESCE_LOCK_TTL_MS = 10_000;

  /** API key for the OpenAI-compatible server (chat and embeddings). */
  @IsOptional() @IsString()
  OPENAI_API_KEY?: string;

  /** Base URL of an OpenAI-compatible server (Azure, Ollama, vLLM...). Unset: api.openai.com. */
  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  OPENAI_BASE_URL?: string;

  /** Chat model asked on a miss, and the default `model` of a request. Default `gpt-4o-mini`. */
  @IsString() @MinLength(1) @MaxLength(128)
  LLM_MODEL = 'gpt-4o-mini';

  /** Longest wait for one LLM answer in milliseconds, retries included; past it /ask answers 504 (the /v1 proxy: for the headers and each streamed piece). Default 30000. */
  @Type(() => Number) @IsInt() @Min(1)
  LLM_TIMEOUT_MS = 30_000;

  /** Retries on connection errors, 408/409/429 and 5xx (the openai SDK's policy). Default 2. 0 = no retry. */
  @Type(() => Number) @IsInt() @Min(0) @Max(10)
  LLM_MAX_RETRIES = 2;

  /**
   * `openai`, `lexical` or `local` (an ONNX model in EMBED_MODEL_DIR, run in-process).
   * Unset: `openai` when OPENAI_API_KEY or OPENAI_BASE_URL is set, else `lexical`.
   */
  @IsOptional() @IsIn(['openai', 'lexical', 'local'])
  EMBED_PROVIDER?: 'openai' | 'lexical' | 'local';

  /** Embedding model for `EMBED_PROVIDER=openai`. Default `text-embedding-3-small`. */
  @IsString() @MinLength(1)
  EMBED_MODEL = 'text-embedding-3-small';

  /**
   * Length of the vectors `EMBED_PROVIDER=openai` asks for (the `dimensions` parameter of the
   * text-embedding-3 models). Unset: the model's own length. Part of the embedder id.
   */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  EMBED_DIMENSIONS?: number;

  /**
   * Directory of the model for `EMBED_PROVIDER=local`, required then: config.json, tokenizer.json,
   * tokenizer_config.json and onnx/model.onnx, as Hugging Face exports them for transformers.js.
   */
  @ValidateIf((env: Environment) => env.EMBED_PROVIDER === 'local' || env.EMBED_MODEL_DIR !== undefined)
  @IsString({ message: 'EMBED_MODEL_DIR is required with EMBED_PROVIDER=local' }) @MinLength(1)
  EMBED_MODEL_DIR?: string;

  /**
   * `EMBED_PROVIDER=local`: fetch the model's missing files from the Hugging Face Hub into
   * EMBED_MODEL_DIR (which must then end in `<owner>/<name>`). Default false: nothing is downloaded.
   */
  @Transform(({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value))
  @IsBoolean()
  EMBED_ALLOW_DOWNLOAD = false;

  /** Timeout of one embedding call in milliseconds; past it the semantic layer is a miss. Default 5000. */
  @Type(() => Number) @IsInt() @Min(1)
  EMBED_TIMEOUT_MS = 5000;

  /** Cosine similarity (0-1) a semantic match needs. Unset: the embedder's calibrated default. */
  @IsOptional() @Type(() => Number) @IsNumber() @Min(0) @Max(1)
  EMBED_SIM_THRESHOLD?: number;
}

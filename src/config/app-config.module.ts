import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AccessConfig } from './access.config';
import { AnthropicConfig } from './anthropic.config';
import { CacheConfig } from './cache.config';
import { EmbedConfig } from './embed.config';
import { Environment } from './environment';
import { HttpConfig } from './http.config';
import { ObservabilityConfig } from './observability.config';
import { LlmConfig } from './llm.config';
import { RedisConfig } from './redis.config';
import { ResilienceConfig } from './resilience.config';
import { SemanticIndexConfig } from './semantic-index.config';
import { SemanticVerifyConfig } from './semantic-verify.config';
import { TracingConfig } from './tracing.config';
import { validateEnvironment } from './validate-environment';

export interface AppConfigOptions {
  /**
   * The variables to use instead of `process.env` and `.env`. Tests pass their own so that
   * a developer's shell (say, a REDIS_URL pointing at real data) can never leak into them.
   */
  env?: Record<string, string | undefined>;
}

export interface LoadedConfig {
  module: DynamicModule;
  /** The validated values, for what must be known before the app exists (HTTP body limit, port). */
  environment: Environment;
}

const typedConfigs = [
  HttpConfig,
  AccessConfig,
  CacheConfig,
  RedisConfig,
  LlmConfig,
  AnthropicConfig,
  EmbedConfig,
  SemanticIndexConfig,
  SemanticVerifyConfig,
  ResilienceConfig,
  TracingConfig,
  ObservabilityConfig,
];

/** Validates the environment once at boot and exposes one typed config class per concern. */
@Global()
@Module({})
export class AppConfigModule {
  /** Reads `.env` and `process.env` (or `options.env`), validates, and rejects naming every bad variable. */
  static async load(options: AppConfigOptions = {}): Promise<LoadedConfig> {
    const isolated = options.env !== undefined;
    let validated: Environment | undefined;
    // ConfigModule copies what `validate` returns into process.env; an isolated (test) app returns
    // nothing so that one app's settings cannot leak into the next app built in the same process.
    const validate = (raw: Record<string, unknown>) => {
      validated = validateEnvironment(options.env ?? raw);
      return isolated ? {} : validated;
    };
    const configModule = await ConfigModule.forRoot({
      ignoreEnvFile: isolated,
      ignoreEnvVars: isolated,
      validate,
      cache: true,
    });
    const environment = validated as Environment;
    const module: DynamicModule = {
      module: AppConfigModule,
      imports: [configModule],
      providers: [
        { provide: Environment, useValue: environment },
        ...typedConfigs.map((type) => ({ provide: type, useValue: new type(environment) })),
      ],
      exports: [Environment, ...typedConfigs],
    };
    return { module, environment };
  }
}

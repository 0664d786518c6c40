import { DynamicModule, Module } from '@nestjs/common';
import { AskModule } from './ask/ask.module';
import { CacheAdminModule } from './cache-admin/cache-admin.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { HealthModule } from './health/health.module';
import { LoggingModule, LogOutput } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { ProxyModule } from './proxy/proxy.module';
import { RedisModule } from './redis/redis.module';
import { ResilienceModule } from './resilience/resilience.module';
import { ShutdownModule } from './shutdown/shutdown.module';

/**
 * Imports the feature modules; `config` is the validated AppConfigModule (see AppConfigModule.load),
 * `logs` where the structured log lines go.
 */
@Module({})
export class AppModule {
  static with(config: DynamicModule, logs: LogOutput = 'silent'): DynamicModule {
    return {
      module: AppModule,
      imports: [
        config,
        LoggingModule.forRoot(logs),
        RedisModule,
        MetricsModule,
        ResilienceModule,
        ShutdownModule,
        AskModule,
        ProxyModule,
        CacheAdminModule,
        DashboardModule,
        HealthModule,
      ],
    };
  }
}

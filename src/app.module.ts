import { DynamicModule, Module } from '@nestjs/common';
import { AskModule } from './ask/ask.module';
import { CacheAdminModule } from './cache-admin/cache-admin.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { ProxyModule } from './proxy/proxy.module';
import { RedisModule } from './redis/redis.module';
import { ResilienceModule } from './resilience/resilience.module';
import { ShutdownModule } from './shutdown/shutdown.module';

/** Imports the feature modules; `config` is the validated AppConfigModule (see AppConfigModule.load). */
@Module({})
export class AppModule {
  static with(config: DynamicModule): DynamicModule {
    return {
      module: AppModule,
      imports: [
        config,
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

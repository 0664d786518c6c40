import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CacheStoreModule } from '../cache-store/cache-store.module';
import { EmbedCacheService } from './embed-cache.service';
import { embedderProvider } from './embedder.provider';
import { SemanticIndexHealthIndicator } from './semantic-index.health';
import { SemanticIndexMaintenance } from './semantic-index-maintenance';
import { vectorIndexProvider } from './vector-index.provider';

@Module({
  imports: [TerminusModule, CacheStoreModule],
  providers: [embedderProvider, vectorIndexProvider, EmbedCacheService, SemanticIndexHealthIndicator, SemanticIndexMaintenance],
  exports: [EmbedCacheService, SemanticIndexHealthIndicator],
})
export class EmbedCacheModule {}

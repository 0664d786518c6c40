import { Module } from '@nestjs/common';
import { EmbedCacheService } from './embed-cache.service';
import { embedderProvider } from './embedder.provider';
import { vectorIndexProvider } from './vector-index.provider';

@Module({
  providers: [embedderProvider, vectorIndexProvider, EmbedCacheService],
  exports: [EmbedCacheService],
})
export class EmbedCacheModule {}

import { Module } from '@nestjs/common';
import { CacheStoreModule } from '../cache-store/cache-store.module';
import { embedderProvider } from './embedder.provider';

/** The embedder chosen from EMBED_PROVIDER; the store holds the embedding cache in front of a costly one. */
@Module({
  imports: [CacheStoreModule],
  providers: [embedderProvider],
  exports: [embedderProvider],
})
export class EmbeddingModule {}

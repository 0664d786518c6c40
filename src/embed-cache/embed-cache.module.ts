import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EmbeddingModule } from '../embedding/embedding.module';
import { VectorIndexModule } from '../vector-index/vector-index.module';
import { EmbedCacheService } from './embed-cache.service';
import { SemanticIndexHealthIndicator } from './semantic-index.health';

@Module({
  imports: [TerminusModule, EmbeddingModule, VectorIndexModule],
  providers: [EmbedCacheService, SemanticIndexHealthIndicator],
  exports: [EmbedCacheService, SemanticIndexHealthIndicator],
})
export class EmbedCacheModule {}

import { Module } from '@nestjs/common';
import { SemanticIndexMaintenance } from './semantic-index-maintenance';
import { vectorIndexProvider } from './vector-index.provider';

/** The semantic layer's vector index (Redis-backed or in-process) and its periodic upkeep. */
@Module({
  providers: [vectorIndexProvider, SemanticIndexMaintenance],
  exports: [vectorIndexProvider],
})
export class VectorIndexModule {}

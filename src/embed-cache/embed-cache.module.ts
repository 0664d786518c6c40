import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EmbeddingModule } from '../embedding/embedding.module';
import { LlmModule } from '../llm/llm.module';
import { VectorIndexModule } from '../vector-index/vector-index.module';
import { EmbedCacheService } from './embed-cache.service';
import { SemanticIndexHealthIndicator } from './semantic-index.health';
import { SimilarityStats } from './analytics/similarity-stats';
import { NamespaceSettingsService } from './governance/namespace-settings.service';
import { EntryCalibrationService } from './calibration/entry-calibration.service';
import { HitVerification } from './verifier/hit-verification.service';
import { verifierProvider } from './verifier/verifier.provider';

@Module({
  imports: [TerminusModule, EmbeddingModule, VectorIndexModule, LlmModule],
  providers: [
    EmbedCacheService,
    SemanticIndexHealthIndicator,
    verifierProvider,
    HitVerification,
    EntryCalibrationService,
    SimilarityStats,
    NamespaceSettingsService,
  ],
  exports: [EmbedCacheService, SemanticIndexHealthIndicator],
})
export class EmbedCacheModule {}

import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';

/** One namespace's entry in SEMANTIC_NAMESPACE_SETTINGS_FILE; an absent field takes the global setting. */
export class NamespaceSettingsDto {
  /** Similarity a semantic hit needs, 0–1 (EMBED_SIM_THRESHOLD for this namespace). */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  threshold?: number;

  /** SEMANTIC_UNCERTAINTY_BAND for this namespace; 0 = no band. */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  band?: number;

  /** Lifetime of this namespace's semantic entries in seconds (CACHE_TTL for it); 0 = never expire. */
  @IsOptional()
  @IsInt()
  @Min(0)
  ttlSeconds?: number;
}

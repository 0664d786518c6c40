import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { NAMESPACE_PATTERN, NAMESPACE_RULE } from '../../common/namespace';

/** Body of POST /ask. Unknown fields are rejected, so a typo cannot silently change the key. */
export class AskRequestDto {
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'question must contain a non-whitespace character' })
  question!: string;

  /** Cache partition, e.g. a tenant or an app; defaults to CACHE_DEFAULT_NAMESPACE. */
  @IsOptional()
  @Matches(NAMESPACE_PATTERN, { message: `namespace must be ${NAMESPACE_RULE}` })
  namespace?: string;

  /** Upstream model; defaults to LLM_MODEL. Part of the cache key. */
  @IsOptional()
  @IsString()
  @Length(1, 128)
  model?: string;

  /** Same as the Cache-Control request header: `no-cache`, `no-store`, `max-age=N`. Wins over the header. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cacheControl?: string;

  /** Same as x-cache-ttl: seconds this answer is kept (0 = forever). */
  @IsOptional()
  @IsInt()
  @Min(0)
  cacheTtl?: number;

  /** Same as x-cache-threshold: a stricter similarity for this request (never looser than configured). */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  cacheThreshold?: number;

  /** Same as x-cache-mode: `exact` (no semantic layer), `semantic` (both layers) or `off`. */
  @IsOptional()
  @IsIn(['exact', 'semantic', 'off'])
  cacheMode?: 'exact' | 'semantic' | 'off';
}

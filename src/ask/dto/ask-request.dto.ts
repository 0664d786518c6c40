import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  @ApiProperty({ example: 'What is a cache?', description: 'normalised (whitespace), at most MAX_QUESTION_CHARS' })
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'question must contain a non-whitespace character' })
  question!: string;

  /** Cache partition, e.g. a tenant or an app; defaults to CACHE_DEFAULT_NAMESPACE. */
  @ApiPropertyOptional({ description: `cache partition, ${NAMESPACE_RULE}; default CACHE_DEFAULT_NAMESPACE` })
  @IsOptional()
  @Matches(NAMESPACE_PATTERN, { message: `namespace must be ${NAMESPACE_RULE}` })
  namespace?: string;

  /** Upstream model; defaults to LLM_MODEL. Part of the cache key. */
  @ApiPropertyOptional({ description: 'upstream model, part of the cache key; default LLM_MODEL' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  model?: string;

  /** Same as the Cache-Control request header: `no-cache`, `no-store`, `max-age=N`. Wins over the header. */
  @ApiPropertyOptional({
    description: 'as the Cache-Control header: `no-cache`, `no-store`, `max-age=N`; wins over it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cacheControl?: string;

  /** Same as x-cache-ttl: seconds this answer is kept (0 = forever). */
  @ApiPropertyOptional({ description: 'as x-cache-ttl: seconds the answer is kept (0 = forever)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  cacheTtl?: number;

  /** Same as x-cache-threshold: a stricter similarity for this request (never looser than configured). */
  @ApiPropertyOptional({ minimum: 0, maximum: 1, description: 'as x-cache-threshold: a stricter similarity' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  cacheThreshold?: number;

  /** Same as x-cache-mode: `exact` (no semantic layer), `semantic` (both layers) or `off`. */
  @ApiPropertyOptional({ enum: ['exact', 'semantic', 'off'], description: 'as x-cache-mode' })
  @IsOptional()
  @IsIn(['exact', 'semantic', 'off'])
  cacheMode?: 'exact' | 'semantic' | 'off';
}

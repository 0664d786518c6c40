import { IsNotEmpty, IsOptional, IsString, Length, Matches } from 'class-validator';

/** Body of POST /ask. Unknown fields are rejected, so a typo cannot silently change the key. */
export class AskRequestDto {
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'question must contain a non-whitespace character' })
  question!: string;

  /** Cache partition, e.g. a tenant or an app; defaults to CACHE_DEFAULT_NAMESPACE. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'namespace must be 1-64 characters of A-Z a-z 0-9 _ . -' })
  namespace?: string;

  /** Upstream model; defaults to LLM_MODEL. Part of the cache key. */
  @IsOptional()
  @IsString()
  @Length(1, 128)
  model?: string;
}

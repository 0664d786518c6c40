import { IsOptional, Matches } from 'class-validator';

/** Query of DELETE /cache[/prompt|/semantic|/embeddings]: without a namespace every namespace is cleared. */
export class ClearCacheQueryDto {
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'namespace must be 1-64 characters of A-Z a-z 0-9 _ . -' })
  namespace?: string;
}

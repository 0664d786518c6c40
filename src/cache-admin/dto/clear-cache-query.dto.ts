import { IsOptional, Matches } from 'class-validator';
import { NAMESPACE_PATTERN, NAMESPACE_RULE } from '../../common/namespace';

/** Query of DELETE /cache[/prompt|/semantic|/embeddings]: without a namespace every namespace is cleared. */
export class ClearCacheQueryDto {
  @IsOptional()
  @Matches(NAMESPACE_PATTERN, { message: `namespace must be ${NAMESPACE_RULE}` })
  namespace?: string;
}

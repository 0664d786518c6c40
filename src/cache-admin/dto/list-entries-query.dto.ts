import { IsOptional, Matches } from 'class-validator';
import { NAMESPACE_PATTERN, NAMESPACE_RULE } from '../../common/namespace';

/** Query of GET /cache/entries. Strings, as the validation pipe converts nothing. */
export class ListEntriesQueryDto {
  /** How many entries, newest first: 1 to 200, default 50. */
  @IsOptional()
  @Matches(/^(?:[1-9]\d?|1\d\d|200)$/, { message: 'limit must be a whole number from 1 to 200' })
  limit?: string;

  @IsOptional()
  @Matches(NAMESPACE_PATTERN, { message: `namespace must be ${NAMESPACE_RULE}` })
  namespace?: string;
}

import { Matches } from 'class-validator';
import { NAMESPACE_PATTERN, NAMESPACE_RULE } from '../../common/namespace';

/** Query of GET /cache/threshold-report. */
export class ThresholdReportQueryDto {
  @Matches(NAMESPACE_PATTERN, { message: `namespace must be ${NAMESPACE_RULE}` })
  namespace!: string;
}

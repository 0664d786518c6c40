import { AnswerQuery } from '../../answer-cache/answer-query';
import { CacheControls } from '../../common/cache-controls';
import { CacheConfig } from '../../config/cache.config';
import { analysisLimits, requestQuery } from '../request-query';
import { analyzeResponsesRequest, ResponsesRequestBody } from './responses-request';

/** A Responses API request as the cache sees it. */
export function responsesQuery(body: ResponsesRequestBody, controls: CacheControls, config: CacheConfig): AnswerQuery {
  const analysis = analyzeResponsesRequest(body, analysisLimits(config));
  return requestQuery(analysis, { model: body.model ?? '', stream: body.stream === true }, controls, config);
}

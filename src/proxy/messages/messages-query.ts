import { AnswerQuery } from '../../answer-cache/answer-query';
import { CacheControls } from '../../common/cache-controls';
import { CacheConfig } from '../../config/cache.config';
import { analysisLimits, requestQuery } from '../request-query';
import { AnthropicHeaders, analyzeMessagesRequest, MessagesRequestBody } from './messages-request';

/** An Anthropic Messages request as the cache sees it. */
export function messagesQuery(
  body: MessagesRequestBody,
  headers: AnthropicHeaders,
  controls: CacheControls,
  config: CacheConfig,
): AnswerQuery {
  const analysis = analyzeMessagesRequest(body, analysisLimits(config), headers);
  return requestQuery(analysis, { model: body.model, stream: body.stream === true }, controls, config);
}

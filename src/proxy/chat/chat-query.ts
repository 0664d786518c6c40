import { AnswerQuery } from '../../answer-cache/answer-query';
import { CacheControls } from '../../common/cache-controls';
import { CacheConfig } from '../../config/cache.config';
import { analysisLimits, requestQuery } from '../request-query';
import { analyzeChatRequest, ChatRequestBody } from './chat-request';

/** A chat completion request as the cache sees it. */
export function chatQuery(body: ChatRequestBody, controls: CacheControls, config: CacheConfig): AnswerQuery {
  const analysis = analyzeChatRequest(body, analysisLimits(config));
  return requestQuery(analysis, { model: body.model, stream: body.stream === true }, controls, config);
}

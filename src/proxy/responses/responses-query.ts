import { AnswerQuery } from '../../answer-cache/answer-query';
import { CacheControls } from '../../common/cache-controls';
import { CacheConfig } from '../../config/cache.config';
import { promptKeyPrefix } from '../../prompt-cache/prompt-key';
import { analyzeResponsesRequest, ResponsesRequestBody } from './responses-request';

/** A Responses API request as the cache sees it. */
export function responsesQuery(body: ResponsesRequestBody, controls: CacheControls, config: CacheConfig): AnswerQuery {
  const { maxTemperature, semanticMaxTemperature, cacheNonText, semanticMaxMessages } = config;
  const analysis = analyzeResponsesRequest(body, {
    maxTemperature,
    semanticMaxTemperature,
    cacheNonText,
    semanticMaxMessages,
  });
  const namespace = controls.namespace ?? config.defaultNamespace;
  return {
    namespace,
    model: body.model ?? '',
    key: `${promptKeyPrefix(namespace)}${analysis.exactHash}`,
    question: analysis.question ?? '',
    context: analysis.semanticContext,
    cacheable: analysis.bypass === undefined,
    semanticAllowed: analysis.semanticAllowed,
    coalescable: analysis.coalescable,
    stream: body.stream === true,
    controls,
  };
}

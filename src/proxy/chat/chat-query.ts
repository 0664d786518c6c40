import { AnswerQuery } from '../../answer-cache/answer-query';
import { CacheControls } from '../../common/cache-controls';
import { CacheConfig } from '../../config/cache.config';
import { promptKeyPrefix } from '../../prompt-cache/prompt-key';
import { analyzeChatRequest, ChatRequestBody } from './chat-request';

/** A chat completion request as the cache sees it. */
export function chatQuery(body: ChatRequestBody, controls: CacheControls, config: CacheConfig): AnswerQuery {
  const { maxTemperature, semanticMaxTemperature, cacheNonText, semanticMaxMessages } = config;
  const analysis = analyzeChatRequest(body, {
    maxTemperature,
    semanticMaxTemperature,
    cacheNonText,
    semanticMaxMessages,
  });
  const namespace = controls.namespace ?? config.defaultNamespace;
  return {
    namespace,
    model: body.model,
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

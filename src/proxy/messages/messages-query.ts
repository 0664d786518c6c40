import { AnswerQuery } from '../../answer-cache/answer-query';
import { CacheControls } from '../../common/cache-controls';
import { CacheConfig } from '../../config/cache.config';
import { promptKeyPrefix } from '../../prompt-cache/prompt-key';
import { AnthropicHeaders, analyzeMessagesRequest, MessagesRequestBody } from './messages-request';

/** An Anthropic Messages request as the cache sees it. */
export function messagesQuery(
  body: MessagesRequestBody,
  headers: AnthropicHeaders,
  controls: CacheControls,
  config: CacheConfig,
): AnswerQuery {
  const { maxTemperature, semanticMaxTemperature, cacheNonText, semanticMaxMessages } = config;
  const analysis = analyzeMessagesRequest(
    body,
    { maxTemperature, semanticMaxTemperature, cacheNonText, semanticMaxMessages },
    headers,
  );
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

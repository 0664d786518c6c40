import { AnswerQuery } from '../answer-cache/answer-query';
import { CacheControls } from '../common/cache-controls';
import { CacheConfig } from '../config/cache.config';
import { promptKeyPrefix } from '../prompt-cache/prompt-key';
import type { RequestAnalysis } from './request-analysis';

/** The limits every protocol's analysis applies, as CacheConfig holds them. */
export function analysisLimits({
  maxTemperature,
  semanticMaxTemperature,
  cacheNonText,
  semanticMaxMessages,
}: CacheConfig): {
  maxTemperature: number;
  semanticMaxTemperature: number;
  cacheNonText: boolean;
  semanticMaxMessages: number;
} {
  return { maxTemperature, semanticMaxTemperature, cacheNonText, semanticMaxMessages };
}

/** A proxied request as the cache sees it, from its protocol's analysis. */
export function requestQuery(
  analysis: RequestAnalysis,
  request: { model: string; stream: boolean },
  controls: CacheControls,
  config: CacheConfig,
): AnswerQuery {
  const namespace = controls.namespace ?? config.defaultNamespace;
  return {
    namespace,
    model: request.model,
    key: `${promptKeyPrefix(namespace)}${analysis.exactHash}`,
    question: analysis.question ?? '',
    context: analysis.semanticContext,
    cacheable: analysis.bypass === undefined,
    semanticAllowed: analysis.semanticAllowed,
    coalescable: analysis.coalescable,
    stream: request.stream,
    controls,
  };
}

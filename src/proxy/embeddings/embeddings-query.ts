import stringify from 'safe-stable-stringify';
import { AnswerQuery } from '../../answer-cache/answer-query';
import { CacheControls } from '../../common/cache-controls';
import { InvalidRequestError } from '../../common/errors/invalid-request.error';
import { sha256 } from '../../common/sha256';
import { embeddingsKeyPrefix } from '../../prompt-cache/prompt-key';
import { OpenAiJson } from '../../llm/openai-upstream.port';

/** An embeddings request as the cache sees it: exact only, keyed by everything but `user`. */
export function embeddingsQuery(
  body: unknown,
  controls: CacheControls,
  defaultNamespace: string,
): { body: OpenAiJson; query: AnswerQuery } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidRequestError('request body must be a JSON object');
  const { user: _user, ...canonical } = body as OpenAiJson;
  const namespace = controls.namespace ?? defaultNamespace;
  const model = typeof canonical.model === 'string' ? canonical.model : '';
  return {
    body: body as OpenAiJson,
    query: {
      namespace,
      model,
      key: `${embeddingsKeyPrefix(namespace)}${sha256('embeddings.v1', stringify(canonical) ?? '')}`,
      question: '',
      context: '',
      cacheable: true,
      semanticAllowed: false,
      coalescable: true,
      stream: false,
      controls,
    },
  };
}

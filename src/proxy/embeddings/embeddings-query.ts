import stringify from 'safe-stable-stringify';
import { AnswerQuery } from '../../answer-cache/answer-query';
import { CacheControls } from '../../common/cache-controls';
import { InvalidRequestError } from '../../common/errors/invalid-request.error';
import { sha256 } from '../../common/sha256';
import { embeddingsKeyPrefix } from '../../prompt-cache/prompt-key';
import { OpenAiJson } from '../../llm/openai-upstream.port';

/**
 * Version of the embeddings key schema, hashed into every key: bumping it cold-starts every
 * embeddings entry, deliberately, when what the key covers changes.
 */
export const EMBEDDINGS_KEY_VERSION = 2;

/** The exact key's hash of an embeddings request: every field at any depth but `user`, key order aside. */
export function embeddingsHash(body: OpenAiJson): string {
  const { user: _user, ...canonical } = body;
  return sha256(`embeddings.v${EMBEDDINGS_KEY_VERSION}`, stringify(canonical) ?? '');
}

/** An embeddings request as the cache sees it: exact only, keyed by everything but `user`. */
export function embeddingsQuery(
  body: unknown,
  controls: CacheControls,
  defaultNamespace: string,
): { body: OpenAiJson; query: AnswerQuery } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidRequestError('request body must be a JSON object');
  const json = body as OpenAiJson;
  const namespace = controls.namespace ?? defaultNamespace;
  const model = typeof json.model === 'string' ? json.model : '';
  return {
    body: body as OpenAiJson,
    query: {
      namespace,
      model,
      key: `${embeddingsKeyPrefix(namespace)}${embeddingsHash(json)}`,
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

import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { parse as parseYaml } from 'yaml';
import { NAMESPACE_PATTERN, NAMESPACE_RULE } from '../common/namespace';
import { ApiKeyEntryDto, ApiKeysFileDto } from './dto/api-keys-file.dto';
import { derivedNamespace, keyDigest } from './key-digest';

/** A configured API key as the service holds it: its digest, never the key. */
export interface ApiKey {
  readonly name: string;
  /** The namespace the key owns (and every `<namespace>/…` below it). */
  readonly namespace: string;
  /** Models the key may ask for; undefined = any. */
  readonly models?: ReadonlySet<string>;
  /** Requests per minute; undefined = RATE_LIMIT_RPM; 0 = unlimited. */
  readonly rateLimitRpm?: number;
  /** SHA-256 of the key. */
  readonly digest: Buffer;
}

/** A key source that cannot be used; the message names the source and entry, never a key. */
export class ApiKeysError extends Error {
  override name = 'ApiKeysError';
}

/** Reads API_KEYS: `key:namespace,key:namespace` (a key alone gets a derived namespace). */
export function parseApiKeysVariable(raw: string): ApiKeyEntryDto[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item, index) => {
      const [key, namespace, ...rest] = item.split(':').map((part) => part.trim());
      const name = `API_KEYS.${index + 1}`;
      if (!key || rest.length > 0 || namespace === '')
        throw new ApiKeysError(`${name}: each entry must be key or key:namespace`);
      if (namespace !== undefined && !NAMESPACE_PATTERN.test(namespace))
        throw new ApiKeysError(`${name}: namespace must be ${NAMESPACE_RULE}`);
      return Object.assign(new ApiKeyEntryDto(), { name, key, namespace });
    });
}

function messagesOf(errors: ValidationError[], path: string): string[] {
  return errors.flatMap((error) => {
    const at = /^\d+$/.test(error.property) ? `${path}[${error.property}]` : `${path}.${error.property}`;
    return [
      ...Object.values(error.constraints ?? {}).map((text) => `${at}: ${text}`),
      ...messagesOf(error.children ?? [], at),
    ];
  });
}

/** Reads the text of API_KEYS_FILE, JSON or YAML (`{keys: [...]}` or the bare list). */
export function parseApiKeysFile(text: string, source: string): ApiKeyEntryDto[] {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new ApiKeysError(`${source} is neither JSON nor YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const file = plainToInstance(ApiKeysFileDto, Array.isArray(document) ? { keys: document } : (document ?? {}));
  const errors = validateSync(file, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ApiKeysError(`${source}: ${messagesOf(errors, 'file').join('; ')}`);
  return file.keys;
}

function toApiKey(entry: ApiKeyEntryDto, secret: string): ApiKey {
  if ((entry.key === undefined) === (entry.sha256 === undefined))
    throw new ApiKeysError(`key ${entry.name}: give exactly one of key and sha256`);
  if (entry.key === undefined && entry.namespace === undefined)
    throw new ApiKeysError(`key ${entry.name}: a key given by its sha256 needs a namespace`);
  return {
    name: entry.name,
    namespace: entry.namespace ?? derivedNamespace(secret, entry.key!),
    models: entry.models && new Set(entry.models),
    rateLimitRpm: entry.rateLimitRpm,
    digest: entry.key === undefined ? Buffer.from(entry.sha256!, 'hex') : keyDigest(entry.key),
  };
}

/** Hashes the entries and checks that names and keys are unique across every source. */
export function toApiKeys(entries: readonly ApiKeyEntryDto[], secret: string): ApiKey[] {
  const keys = entries.map((entry) => toApiKey(entry, secret));
  const names = new Set<string>();
  const digests = new Set<string>();
  for (const key of keys) {
    if (names.has(key.name)) throw new ApiKeysError(`key name ${key.name} is used twice`);
    const digest = key.digest.toString('hex');
    if (digests.has(digest)) throw new ApiKeysError(`key ${key.name} repeats the key of another entry`);
    names.add(key.name);
    digests.add(digest);
  }
  return keys;
}

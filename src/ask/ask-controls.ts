import { CacheControls, HeaderBag, MAX_DELTA_SECONDS, parseCacheControls } from '../common/cache-controls';
import { AskRequestDto } from './dto/ask-request.dto';

const CONTROL_HEADERS = [
  'cache-control',
  'x-cache-ttl',
  'x-cache-threshold',
  'x-cache-mode',
  'x-cache-namespace',
  'x-cache-coalesce',
] as const;
/** Most requests carry no control at all; they share this (the hot path skips the parse). */
const DEFAULT_CONTROLS: CacheControls = Object.freeze(parseCacheControls({}));

/** The request's cache controls: the headers, with the same settings in the body taking precedence. */
export function askControls(request: AskRequestDto, headers: HeaderBag): CacheControls {
  const { cacheControl, cacheTtl, cacheThreshold, cacheMode, namespace } = request;
  const bodyHasControls = cacheControl ?? cacheTtl ?? cacheThreshold ?? cacheMode ?? namespace;
  if (bodyHasControls === undefined && CONTROL_HEADERS.every((name) => headers[name] === undefined))
    return DEFAULT_CONTROLS;
  const fromBody: HeaderBag = {
    'cache-control': cacheControl,
    // Clamped before it becomes text: a number from 1e21 up would print as 1e+21.
    'x-cache-ttl': cacheTtl === undefined ? undefined : String(Math.min(cacheTtl, MAX_DELTA_SECONDS)),
    'x-cache-threshold': cacheThreshold?.toString(),
    'x-cache-mode': cacheMode,
    'x-cache-namespace': namespace,
  };
  const merged: HeaderBag = {};
  for (const name of CONTROL_HEADERS) {
    const value = fromBody[name] ?? headers[name];
    if (value !== undefined) merged[name] = value;
  }
  return parseCacheControls(merged);
}

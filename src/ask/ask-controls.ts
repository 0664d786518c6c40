import { CacheControls, HeaderBag, parseCacheControls } from '../common/cache-controls';
import { AskRequestDto } from './dto/ask-request.dto';

/** The request's cache controls: the headers, with the same settings in the body taking precedence. */
export function askControls(request: AskRequestDto, headers: HeaderBag): CacheControls {
  const fromBody: HeaderBag = {
    'cache-control': request.cacheControl,
    'x-cache-ttl': request.cacheTtl?.toString(),
    'x-cache-threshold': request.cacheThreshold?.toString(),
    'x-cache-mode': request.cacheMode,
    'x-cache-namespace': request.namespace,
  };
  const merged: HeaderBag = { ...headers };
  for (const [name, value] of Object.entries(fromBody)) if (value !== undefined) merged[name] = value;
  return parseCacheControls(merged);
}

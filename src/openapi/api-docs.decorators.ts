import { applyDecorators, Type } from '@nestjs/common';
import { ApiHeader, ApiResponse, ApiSecurity } from '@nestjs/swagger';
import { ErrorResponseDto, OpenAiErrorDto } from './error-schemas';

const CONTROL_HEADERS: [string, string][] = [
  [
    'cache-control',
    '`no-cache` (skip lookup, store the fresh answer), `no-store` (neither), `max-age=N` (accept only younger entries)',
  ],
  ['x-cache-mode', '`exact` (no semantic layer), `semantic` (both layers) or `off`'],
  ['x-cache-namespace', 'cache partition (1-128 characters of A-Z a-z 0-9 _ . - in segments separated by /)'],
  ['x-cache-threshold', 'a stricter similarity from 0 to 1 for this request (never looser than configured)'],
  ['x-cache-ttl', 'seconds the fresh answer is kept (0 = forever)'],
  ['x-cache-coalesce', "`off`: do not share an identical request's upstream call in flight"],
  ['x-request-id', 'a request id to reuse in the logs and the response (else one is generated)'],
];

/** The response headers every cached answer carries. */
export const CACHE_RESPONSE_HEADERS = {
  'x-cache': { description: 'HIT, SEMANTIC_HIT, COALESCED, MISS, REFRESH or BYPASS', schema: { type: 'string' } },
  'x-cache-key': { description: 'store key of the entry (DELETE /cache/entries/{key})', schema: { type: 'string' } },
  'x-cache-similarity': { description: 'semantic hits: cosine similarity', schema: { type: 'string' } },
  age: { description: 'hits: seconds since the answer was produced', schema: { type: 'string' } },
  'x-request-id': { description: 'the request id of the log lines', schema: { type: 'string' } },
};

/** The per-request cache controls a route reads from its headers. */
export function ApiCacheControls(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...CONTROL_HEADERS.map(([name, description]) => ApiHeader({ name, description, required: false })),
  );
}

/** The error statuses a cached route answers, in `shape` (the /ask one or OpenAI's). */
export function ApiErrors(shape: Type<unknown> = ErrorResponseDto): MethodDecorator & ClassDecorator {
  const errors: [number, string][] = [
    [400, 'invalid body, header or control'],
    [401, 'API keys configured and none or a wrong one sent'],
    [403, 'namespace not allowed to this key'],
    [413, 'body over BODY_LIMIT_BYTES'],
    [429, 'rate limited (retry-after)'],
    [502, 'the LLM upstream failed'],
    [503, 'no upstream configured, or its circuit breaker is open (retry-after)'],
    [504, 'the upstream or the request deadline timed out'],
  ];
  return applyDecorators(
    ApiSecurity('bearer'),
    ...errors.map(([status, description]) => ApiResponse({ status, description, type: shape })),
  );
}

/** Errors of a /v1 route: OpenAI's error shape. */
export const ApiOpenAiErrors = () => ApiErrors(OpenAiErrorDto);

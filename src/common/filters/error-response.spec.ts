import {
  BadRequestException,
  HttpException,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { RateLimitedError, UnauthorizedError } from '../errors/access.errors';
import { DomainError } from '../errors/domain-error';
import { InvalidRequestError } from '../errors/invalid-request.error';
import { LlmNotConfiguredError, LlmTimeoutError, LlmUnavailableError, LlmUpstreamError } from '../errors/llm.errors';
import { ErrorResponse, toErrorReply } from './error-response';

class PayloadTooLargeError extends DomainError {
  readonly code = 'E_PAYLOAD_TOO_LARGE';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('toErrorReply', () => {
  let logger: Logger;
  let logError: jest.SpyInstance<void, Parameters<Logger['error']>>;

  beforeEach(() => {
    logger = new Logger('test');
    logError = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
  });

  it.each<[string, DomainError, number, string]>([
    ['InvalidRequestError', new InvalidRequestError('question must not be empty'), 400, 'E_INVALID_REQUEST'],
    ['a payload-too-large DomainError', new PayloadTooLargeError('question too long'), 413, 'E_PAYLOAD_TOO_LARGE'],
    ['LlmNotConfiguredError', new LlmNotConfiguredError(), 503, 'E_LLM_NOT_CONFIGURED'],
    ['LlmUpstreamError', new LlmUpstreamError('upstream said 500', 500), 502, 'E_LLM_UPSTREAM'],
    ['LlmTimeoutError', new LlmTimeoutError('no answer within 30000 ms'), 504, 'E_LLM_TIMEOUT'],
  ])('maps %s to %i with its code and message', (_name, error, status, code) => {
    // Act
    const reply = toErrorReply(error, logger);

    // Assert
    expect(reply).toEqual({ statusCode: status, body: { statusCode: status, code, message: error.message } });
    expect(logError).not.toHaveBeenCalled();
  });

  it('maps a Nest NotFoundException to 404 E_NOT_FOUND', () => {
    const reply = toErrorReply(new NotFoundException('Cannot GET /nope'), logger);

    expect(reply).toEqual({
      statusCode: 404,
      body: { statusCode: 404, code: 'E_NOT_FOUND', message: 'Cannot GET /nope' },
    });
  });

  it('keeps every validation message of a BadRequestException', () => {
    const reply = toErrorReply(new BadRequestException(['question must be a string', 'model is too long']), logger);

    expect(reply.statusCode).toBe(400);
    const body = reply.body as ErrorResponse;
    expect(body.code).toBe('E_INVALID_REQUEST');
    expect(body.message).toContain('question must be a string');
    expect(body.message).toContain('model is too long');
  });

  it('gives an HttpException with an unmapped status a generic E_HTTP_<status> code', () => {
    const reply = toErrorReply(new HttpException('I am a teapot', 418), logger);

    expect(reply).toEqual({ statusCode: 418, body: { statusCode: 418, code: 'E_HTTP_418', message: 'I am a teapot' } });
  });

  it("maps Fastify's body-too-large error (statusCode 413) to 413 E_PAYLOAD_TOO_LARGE", () => {
    // Arrange
    const fastifyError = Object.assign(new Error('Request body is too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });

    // Act
    const reply = toErrorReply(fastifyError, logger);

    // Assert
    expect(reply).toEqual({
      statusCode: 413,
      body: { statusCode: 413, code: 'E_PAYLOAD_TOO_LARGE', message: 'Request body is too large' },
    });
    expect(logError).not.toHaveBeenCalled();
  });

  it('passes a structured HttpException body without a message (a Terminus health report) through unchanged', () => {
    // Arrange
    const report = {
      status: 'error',
      info: {},
      error: { redis: { status: 'down' } },
      details: { redis: { status: 'down' } },
    };

    // Act
    const reply = toErrorReply(new ServiceUnavailableException(report), logger);

    // Assert
    expect(reply).toEqual({
      statusCode: 503,
      body: { status: 'error', info: {}, error: { redis: { status: 'down' } }, details: { redis: { status: 'down' } } },
    });
  });

  it('turns an unknown Error into a 500 with an errorId that is logged with the stack', () => {
    // Arrange
    const boom = new Error('database exploded');

    // Act
    const reply = toErrorReply(boom, logger);

    // Assert
    const body = reply.body as ErrorResponse;
    expect(reply.statusCode).toBe(500);
    expect(body).toMatchObject({ statusCode: 500, code: 'E_INTERNAL', message: 'Internal error' });
    expect(body.message).not.toContain('database exploded');
    expect(body.errorId).toMatch(UUID);
    expect(logError).toHaveBeenCalledTimes(1);
    expect(logError.mock.calls[0][0]).toContain(body.errorId);
    expect(logError.mock.calls[0][1]).toBe(boom.stack);
  });

  it('gives each unknown error its own errorId', () => {
    const first = toErrorReply(new Error('a'), logger).body as ErrorResponse;
    const second = toErrorReply(new Error('b'), logger).body as ErrorResponse;

    expect(first.errorId).not.toBe(second.errorId);
  });

  it('treats a thrown non-Error value as an internal error', () => {
    const reply = toErrorReply('just a string', logger);

    expect(reply.statusCode).toBe(500);
    expect(logError).toHaveBeenCalledWith(
      expect.stringContaining((reply.body as ErrorResponse).errorId!),
      'just a string',
    );
  });

  it('treats an object with a 5xx statusCode as an internal error, not a client error', () => {
    const reply = toErrorReply(Object.assign(new Error('socket hang up'), { statusCode: 502 }), logger);

    expect(reply.statusCode).toBe(500);
    expect((reply.body as ErrorResponse).code).toBe('E_INTERNAL');
  });

  it('adds no errorId to client errors', () => {
    const reply = toErrorReply(new InvalidRequestError('bad'), logger);

    expect(reply.body).not.toHaveProperty('errorId');
  });

  it('tells a rate-limited caller when to come back (retry-after, whole seconds)', () => {
    const reply = toErrorReply(new RateLimitedError('too many', 7), logger);

    expect(reply).toMatchObject({ statusCode: 429, headers: { 'retry-after': '7' } });
    expect(reply.body).toMatchObject({ code: 'E_RATE_LIMITED' });
  });

  it('tells the caller of an upstream behind an open breaker when a probe will be let through', () => {
    const reply = toErrorReply(new LlmUnavailableError('circuit open', 4), logger);

    expect(reply).toMatchObject({ statusCode: 503, headers: { 'retry-after': '4' } });
    expect(reply.body).toMatchObject({ code: 'E_LLM_UNAVAILABLE' });
  });

  it('names the Bearer scheme on a 401', () => {
    const reply = toErrorReply(new UnauthorizedError('no key'), logger);

    expect(reply).toMatchObject({ statusCode: 401, headers: { 'www-authenticate': 'Bearer' } });
  });
});

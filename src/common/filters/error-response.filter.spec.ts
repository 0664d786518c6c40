import { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { InvalidRequestError } from '../errors/invalid-request.error';
import { ErrorResponseFilter } from './error-response.filter';

function hostFor(url: string) {
  const reply = { status: jest.fn(), headers: jest.fn(), send: jest.fn() };
  reply.status.mockReturnValue(reply);
  reply.headers.mockReturnValue(reply);
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ url }), getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  return { host, reply };
}

describe(ErrorResponseFilter.name, () => {
  let v1Filter: { catch: jest.Mock };
  let sut: ErrorResponseFilter;

  beforeEach(() => {
    v1Filter = { catch: jest.fn() };
    sut = new ErrorResponseFilter({ '/v1': v1Filter as ExceptionFilter });
  });

  it.each([['/v1'], ['/v1/chat/completions'], ['/v1?beta=true'], ['/v1/no/such/route']])(
    'hands an error under the prefix (%s) to that prefix filter',
    (url) => {
      // Arrange
      const { host, reply } = hostFor(url);
      const error = new InvalidRequestError('bad');

      // Act
      sut.catch(error, host);

      // Assert
      expect(v1Filter.catch).toHaveBeenCalledWith(error, host);
      expect(reply.send).not.toHaveBeenCalled();
    },
  );

  it.each([['/ask'], ['/v10/models'], ['/health/v1'], ['/']])(
    'answers an error elsewhere (%s) in the ErrorResponse shape',
    (url) => {
      // Arrange
      const { host, reply } = hostFor(url);

      // Act
      sut.catch(new InvalidRequestError('question must be a string'), host);

      // Assert
      expect(v1Filter.catch).not.toHaveBeenCalled();
      expect(reply.status).toHaveBeenCalledWith(400);
      expect(reply.send).toHaveBeenCalledWith({
        statusCode: 400,
        code: 'E_INVALID_REQUEST',
        message: 'question must be a string',
      });
    },
  );
});

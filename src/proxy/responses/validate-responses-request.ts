import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { InvalidRequestError } from '../../common/errors/invalid-request.error';
import { ResponsesRequestDto } from './dto/responses-request.dto';
import { ResponsesRequestBody } from './responses-request';

const messagesOf = (errors: ValidationError[]): string[] => errors.flatMap((e) => Object.values(e.constraints ?? {}));

/** Checks the fields the cache reads (class-validator), leaving every other parameter unexamined. */
export function validateResponsesRequest(body: unknown): ResponsesRequestBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidRequestError('request body must be a JSON object');
  const errors = validateSync(plainToInstance(ResponsesRequestDto, body), { forbidUnknownValues: false });
  if (errors.length > 0) throw new InvalidRequestError(messagesOf(errors).join('; '));
  return body as ResponsesRequestBody;
}

import { InvalidRequestError } from '../../common/errors/invalid-request.error';
import { fieldErrors, isJsonObject } from '../validate-fields';
import { ResponsesRequestDto } from './dto/responses-request.dto';
import { ResponsesRequestBody } from './responses-request';

const REQUEST_FIELDS = ['model', 'input', 'stream', 'background', 'temperature', 'previous_response_id'] as const;

/** Checks the fields the cache reads (class-validator), leaving every other parameter unexamined. */
export function validateResponsesRequest(body: unknown): ResponsesRequestBody {
  if (!isJsonObject(body)) throw new InvalidRequestError('request body must be a JSON object');
  const errors = fieldErrors(ResponsesRequestDto, body, REQUEST_FIELDS);
  if (errors.length > 0) throw new InvalidRequestError(errors.join('; '));
  return body;
}

import { InvalidRequestError } from '../../common/errors/invalid-request.error';
import { fieldErrors, isJsonObject, itemErrors } from '../validate-fields';
import { AnthropicMessageDto, MessagesRequestDto } from './dto/messages-request.dto';
import { MessagesRequestBody } from './messages-request';

const REQUEST_FIELDS = ['model', 'messages', 'stream', 'temperature'] as const;

/** Checks the fields the cache reads (class-validator), leaving every other parameter unexamined. */
export function validateMessagesRequest(body: unknown): MessagesRequestBody {
  if (!isJsonObject(body)) throw new InvalidRequestError('request body must be a JSON object');
  const errors = [
    ...fieldErrors(MessagesRequestDto, body, REQUEST_FIELDS),
    ...itemErrors(AnthropicMessageDto, body.messages, ['role'], 'messages'),
  ];
  if (errors.length > 0) throw new InvalidRequestError(errors.join('; '));
  return body as MessagesRequestBody;
}

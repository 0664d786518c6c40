import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { InvalidRequestError } from '../../common/errors/invalid-request.error';
import { messagesOf } from '../chat/validate-chat-request';
import { MessagesRequestDto } from './dto/messages-request.dto';
import { MessagesRequestBody } from './messages-request';

/** Checks the fields the cache reads (class-validator), leaving every other parameter unexamined. */
export function validateMessagesRequest(body: unknown): MessagesRequestBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidRequestError('request body must be a JSON object');
  const errors = validateSync(plainToInstance(MessagesRequestDto, body), { forbidUnknownValues: false });
  if (errors.length > 0) throw new InvalidRequestError(messagesOf(errors).join('; '));
  return body as MessagesRequestBody;
}

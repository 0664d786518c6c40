import { InvalidRequestError } from '../../common/errors/invalid-request.error';
import { fieldErrors, isJsonObject, itemErrors } from '../validate-fields';
import { ChatRequestBody } from './chat-request';
import { ChatMessageDto, ChatRequestDto } from './dto/chat-request.dto';

const REQUEST_FIELDS = ['model', 'messages', 'stream', 'temperature', 'n'] as const;

/** Checks the fields the cache reads (class-validator), leaving every other parameter unexamined. */
export function validateChatRequest(body: unknown): ChatRequestBody {
  if (!isJsonObject(body)) throw new InvalidRequestError('request body must be a JSON object');
  const errors = [
    ...fieldErrors(ChatRequestDto, body, REQUEST_FIELDS),
    ...itemErrors(ChatMessageDto, body.messages, ['role'], 'messages'),
  ];
  if (errors.length > 0) throw new InvalidRequestError(errors.join('; '));
  return body as ChatRequestBody;
}

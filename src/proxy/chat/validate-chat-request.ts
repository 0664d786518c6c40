import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { InvalidRequestError } from '../../common/errors/invalid-request.error';
import { ChatRequestBody } from './chat-request';
import { ChatRequestDto } from './dto/chat-request.dto';

/** Every constraint message of a validation, with the path of its field. */
export function messagesOf(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) => (path ? `${path}.${m}` : m)),
    ...messagesOf(e.children ?? [], path ? `${path}.${e.property}` : e.property),
  ]);
}

/** Checks the fields the cache reads (class-validator), leaving every other parameter unexamined. */
export function validateChatRequest(body: unknown): ChatRequestBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidRequestError('request body must be a JSON object');
  const errors = validateSync(plainToInstance(ChatRequestDto, body), { forbidUnknownValues: false });
  if (errors.length > 0) throw new InvalidRequestError(messagesOf(errors).join('; '));
  return body as ChatRequestBody;
}

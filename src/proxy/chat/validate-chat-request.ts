import { validateSync, ValidationError } from 'class-validator';
import { InvalidRequestError } from '../../common/errors/invalid-request.error';
import { ChatRequestBody } from './chat-request';
import { ChatMessageDto, ChatRequestDto } from './dto/chat-request.dto';

/** Every constraint message of a validation, with the path of its field. */
export function messagesOf(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) => (path ? `${path}.${m}` : m)),
    ...messagesOf(e.children ?? [], path ? `${path}.${e.property}` : e.property),
  ]);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The checked fields only, copied onto DTO instances, one level at a time: class-validator and
 * class-transformer look nested objects up by their `constructor`, which a request's own
 * `constructor` key (a tool schema's property named so, say) replaces, and then they throw.
 */
function errorsOf({ model, messages, stream, temperature, n }: Record<string, unknown>): string[] {
  const request = Object.assign(new ChatRequestDto(), { model, messages, stream, temperature, n });
  const errors = messagesOf(validateSync(request, { forbidUnknownValues: false }));
  if (!Array.isArray(messages)) return errors;
  const messageErrors = messages.flatMap((message: unknown, i) =>
    isObject(message)
      ? messagesOf(validateSync(Object.assign(new ChatMessageDto(), { role: message.role })), `messages.${i}`)
      : [],
  );
  return [...errors, ...messageErrors];
}

/** Checks the fields the cache reads (class-validator), leaving every other parameter unexamined. */
export function validateChatRequest(body: unknown): ChatRequestBody {
  if (!isObject(body)) throw new InvalidRequestError('request body must be a JSON object');
  const errors = errorsOf(body);
  if (errors.length > 0) throw new InvalidRequestError(errors.join('; '));
  return body as ChatRequestBody;
}

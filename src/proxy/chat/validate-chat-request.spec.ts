import 'reflect-metadata';
import { InvalidRequestError } from '../../common/errors/invalid-request.error';
import { validateChatRequest } from './validate-chat-request';

const valid = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
/** What JSON.parse makes of `{"toString": 1, "valueOf": 1}`: an object no comparison can convert. */
const inconvertible = JSON.parse('{"toString": 1, "valueOf": 1}') as unknown;

describe('validateChatRequest', () => {
  it('returns a valid body as it is, unknown parameters included', () => {
    const body = { ...valid, temperature: 0.2, n: 1, top_p: 'anything' };

    expect(validateChatRequest(body)).toBe(body);
  });

  it.each([[null], [undefined]])('accepts temperature and n given as %p', (absent) => {
    expect(() => validateChatRequest({ ...valid, temperature: absent, n: absent })).not.toThrow();
  });

  it.each<[string, unknown, RegExp]>([
    ['a string temperature', { temperature: '0.5' }, /temperature must be a number/],
    ['an object temperature no comparison can convert', { temperature: inconvertible }, /temperature must be a number/],
    ['a string n', { n: '2' }, /n must be an integer/],
    ['a fractional n', { n: 1.5 }, /n must be an integer/],
    ['an object n no comparison can convert', { n: inconvertible }, /n must be an integer/],
    ['a numeric model', { model: 4 }, /model must be a string/],
    ['a string of messages', { messages: 'hi' }, /messages must be an array/],
    ['a message without a known role', { messages: [{ role: 'robot' }] }, /role must be one of/],
    ['a string stream', { stream: 'true' }, /stream must be one of/],
  ])('rejects %s with a message naming the field', (_case, change, message) => {
    const act = () => validateChatRequest({ ...valid, ...(change as object) });

    expect(act).toThrow(InvalidRequestError);
    expect(act).toThrow(message);
  });

  it.each([
    [
      'a tool schema with a property named constructor',
      { tools: [{ parameters: { properties: { constructor: {} } } }] },
    ],
    [
      'message content whose part has a constructor key',
      { messages: [{ role: 'user', content: [{ constructor: 's' }] }] },
    ],
    ['a message with a constructor field', { messages: [{ role: 'user', content: 'hi', constructor: null }] }],
  ])('accepts %s, leaving what it does not check unexamined', (_case, change) => {
    const body = JSON.parse(JSON.stringify({ ...valid, ...change })) as unknown;

    expect(validateChatRequest(body)).toBe(body);
  });

  it.each([
    ['an object', '{"constructor": null}', /messages must be an array/],
    ['an array of arrays of objects', '[[{"constructor": {}}]]', /each value in messages must be an object/],
  ])('rejects messages given as %s with a constructor key, naming the field', (_case, messages, message) => {
    const body = JSON.parse(`{"model": "m", "messages": ${messages}}`) as unknown;

    expect(() => validateChatRequest(body)).toThrow(message);
  });

  it('still names a bad role inside messages that hold constructor keys', () => {
    const body = JSON.parse('{"model":"m","messages":[{"role":"robot","content":{"constructor":{}}}]}') as unknown;

    expect(() => validateChatRequest(body)).toThrow(/messages\.0\.role must be one of/);
  });

  it.each([[null], [[valid]], ['text'], [3]])('rejects a body that is not a JSON object (%p)', (body) => {
    expect(() => validateChatRequest(body)).toThrow(/request body must be a JSON object/);
  });
});

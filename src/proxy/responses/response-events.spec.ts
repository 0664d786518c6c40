import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { CachedAnswer } from '../../common/cached-answer';
import { responseAnswer } from './response-answer';
import { sseOf, toResponseEvents } from './response-events';
import { echoedFields, toResponse } from './response-object';
import { ResponsesStreamAssembler } from './responses-stream-assembler';

const ids = { responseId: 'resp_cache_1', messageId: 'msg_upstream_1' };
const functionCall = {
  type: 'function_call',
  id: 'fc_1',
  call_id: 'call_1',
  name: 'weather',
  arguments: '{"city":"快取 Paris 🚀","unit":"celsius","days":3}',
  status: 'completed',
};
const stored: CachedAnswer = {
  answer: '快取 is a cache 🚀 '.repeat(6),
  question: 'q',
  model: 'gpt-4o-mini',
  createdAt: 1_700_000_000_000,
  tokens: 40,
  finishReason: 'stop',
  usage: { prompt: 12, completion: 40, total: 52 },
  itemId: 'msg_upstream_1',
};
const withCall: CachedAnswer = { ...stored, toolCalls: [functionCall] };
const callsOnly: CachedAnswer = { ...stored, answer: '', toolCalls: [functionCall], itemId: undefined };
const { question: _q, model: _m, createdAt: _c, ...storable } = stored;

/** Feeds the replayed events, as bytes split every `size`, to the assembler that reads upstream streams. */
function reassemble(answer: CachedAnswer, size: number) {
  const bytes = Buffer.from(toResponseEvents(answer, ids, echoedFields({})).map(sseOf).join(''));
  const sut = new ResponsesStreamAssembler();
  for (let i = 0; i < bytes.length; i += size) sut.feed(bytes.subarray(i, i + size));
  return sut.result();
}

/** What the `openai` SDK's stream accumulator makes of the replayed events. */
function accumulated(answer: CachedAnswer): Response {
  let snapshot: Response | undefined;
  for (const event of toResponseEvents(answer, ids, echoedFields({})))
    snapshot = accumulateResponse(event as unknown as ResponseStreamEvent, snapshot);
  return snapshot!;
}

describe('toResponseEvents', () => {
  it('streams the text in several deltas, numbered in order, from response.created to response.completed', () => {
    const events = toResponseEvents(stored, ids, echoedFields({}));
    const types = events.map((e) => e.type);

    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(types.filter((t) => t === 'response.output_text.delta').length).toBeGreaterThan(2);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
  });

  it.each([1, 3, 64])('reassembles to the stored answer when its bytes are split every %i', (size) => {
    expect(reassemble(stored, size)).toEqual({ complete: true, error: false, refusal: false, answer: storable });
    expect(reassemble(withCall, size).answer).toEqual({ ...storable, toolCalls: [functionCall] });
    expect(reassemble(callsOnly, size).answer).toEqual({
      ...storable,
      answer: '',
      toolCalls: [functionCall],
      itemId: undefined,
    });
  });

  it('gives the openai SDK the same text, function call and usage', () => {
    const response = accumulated(withCall);

    expect(response.output_text).toBe(stored.answer);
    expect(response.output.map((item) => item.type)).toEqual(['message', 'function_call']);
    expect(response.output[1]).toEqual(functionCall);
    expect(response.usage).toMatchObject({ input_tokens: 12, output_tokens: 40, total_tokens: 52 });
    expect(response.id).toBe('resp_cache_1');
  });
});

describe('toResponse', () => {
  it('is read back as the stored answer', () => {
    const body = Buffer.from(JSON.stringify(toResponse(withCall, ids, echoedFields({}))));
    expect(responseAnswer(body)).toEqual({
      complete: true,
      error: false,
      refusal: false,
      answer: { ...storable, toolCalls: [functionCall] },
    });
  });

  it('has no message item for function calls alone, and echoes the request parameters', () => {
    const response = toResponse(callsOnly, ids, echoedFields({ instructions: 'Be brief.', temperature: 0 }));
    expect(response).toMatchObject({
      status: 'completed',
      output: [functionCall],
      instructions: 'Be brief.',
      temperature: 0,
      tools: [],
    });
  });
});

import { analyzeResponsesRequest, ResponsesRequestBody } from './responses-request';

const limits = { maxTemperature: 1, semanticMaxTemperature: 0.7, cacheNonText: false, semanticMaxMessages: 3 };
const ask = (overrides: Partial<ResponsesRequestBody> = {}): ResponsesRequestBody => ({
  model: 'gpt-4o-mini',
  input: 'What is a cache?',
  ...overrides,
});
const analyze = (overrides: Partial<ResponsesRequestBody> = {}, options = limits) =>
  analyzeResponsesRequest(ask(overrides), options);
const turns = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `turn ${i}` }));

describe('analyzeResponsesRequest', () => {
  it('gives the same exact hash whatever the key order and delivery-only fields', () => {
    const delivered = analyze({
      temperature: 0,
      stream: true,
      stream_options: { include_obfuscation: false },
      user: 'u1',
      metadata: { run: '7' },
      store: false,
      service_tier: 'flex',
      safety_identifier: 's',
      prompt_cache_key: 'p',
    });
    const reordered = analyzeResponsesRequest(
      { temperature: 0, input: 'What is a cache?', model: 'gpt-4o-mini' },
      limits,
    );
    expect(delivered.exactHash).toBe(reordered.exactHash);
  });

  it.each([
    ['the model', { model: 'gpt-4o' }],
    ['instructions', { instructions: 'Answer in French.' }],
    ['tools', { tools: [{ type: 'function', name: 'f', parameters: {} }] }],
    ['text.format', { text: { format: { type: 'json_object' } } }],
    ['reasoning', { reasoning: { effort: 'high' } }],
    ['max_output_tokens', { max_output_tokens: 50 }],
    ['include', { include: ['reasoning.encrypted_content'] }],
    ['the temperature', { temperature: 0.2 }],
    ['an earlier turn', { input: [...turns(2), { role: 'user', content: 'What is a cache?' }] }],
  ])('changes the exact hash and the semantic context with %s', (_case, change) => {
    const base = analyze();
    const changed = analyze(change);
    expect(changed.exactHash).not.toBe(base.exactHash);
    expect(changed.semanticContext).not.toBe(base.semanticContext);
  });

  it('compares the normalised text of a string input or of one user message, in one partition', () => {
    const asString = analyze({ input: '  Explain   caching？ ' });
    const asMessage = analyze({
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Explain caching?' }] }],
    });

    expect(asString).toMatchObject({ question: 'Explain caching?', semanticAllowed: true });
    expect(asMessage).toMatchObject({ question: 'Explain caching?', semanticAllowed: true });
    expect(asMessage.semanticContext).toBe(asString.semanticContext);
    expect(asMessage.exactHash).not.toBe(asString.exactHash);
  });

  it.each([
    ['previous_response_id', { previous_response_id: 'resp_1' }],
    ['background', { background: true }],
    ['conversation', { conversation: 'conv_1' }],
    ['prompt template without a version', { prompt: { id: 'pmpt_1' } }],
    ['non-text content', { input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'x' }] }] }],
    ['temperature above CACHE_MAX_TEMPERATURE', { temperature: 1.5 }],
  ])('bypasses the cache for %s', (reason, change) => {
    expect(analyze(change as Partial<ResponsesRequestBody>)).toMatchObject({
      bypass: reason,
      semanticAllowed: false,
      coalescable: false,
    });
  });

  it('caches a prompt template pinned to a version, and background: false', () => {
    expect(analyze({ prompt: { id: 'pmpt_1', version: '2' }, background: false }).bypass).toBeUndefined();
  });

  it('caches non-text input by exact match only with cacheNonText', () => {
    const image = { input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'f' }] }] };
    expect(analyze(image, { ...limits, cacheNonText: true })).toMatchObject({
      bypass: undefined,
      semanticAllowed: false,
    });
  });

  it('allows the semantic layer only at or below SEMANTIC_MAX_TEMPERATURE, and coalesces only there', () => {
    expect(analyze({ temperature: 0.9 })).toMatchObject({
      bypass: undefined,
      semanticAllowed: false,
      coalescable: false,
    });
    expect(analyze({ temperature: 0.7 })).toMatchObject({ semanticAllowed: true, coalescable: true });
  });

  it('allows the semantic layer for a single-turn input only, instructions not counted', () => {
    const withDeveloper = (n: number) => ({ input: [{ role: 'developer', content: 'be brief' }, ...turns(n)] });
    expect(analyze(withDeveloper(1)).semanticAllowed).toBe(true);
    expect(analyze(withDeveloper(3))).toMatchObject({ bypass: undefined, semanticAllowed: false });
    expect(analyze(withDeveloper(3), { ...limits, semanticMaxMessages: 5 }).semanticAllowed).toBe(false);
  });

  it('never lets the semantic layer answer an input that carries a tool result', () => {
    const toolLoop = {
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        { type: 'function_call', call_id: 'c1', name: 'weather', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: '21 degrees' },
        { role: 'user', content: 'And tomorrow?' },
      ],
    };
    expect(analyze(toolLoop, { ...limits, semanticMaxMessages: 10 })).toMatchObject({
      bypass: undefined,
      question: 'And tomorrow?',
      semanticAllowed: false,
    });
  });

  it('has no question when the last item is not a user message', () => {
    expect(analyze({ input: turns(2) })).toMatchObject({ question: undefined, semanticAllowed: false });
    expect(analyze({ input: undefined })).toMatchObject({ bypass: undefined, semanticAllowed: false });
  });
});

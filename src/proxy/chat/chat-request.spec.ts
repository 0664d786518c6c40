import { analyzeChatRequest, ChatRequestBody, textOf } from './chat-request';

const limits = { maxTemperature: 1, semanticMaxTemperature: 0.7, cacheNonText: false, semanticMaxMessages: 3 };
const ask = (overrides: Partial<ChatRequestBody> = {}): ChatRequestBody => ({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'What is a cache?' }],
  ...overrides,
});

describe('analyzeChatRequest', () => {
  it('gives the same exact hash whatever the key order and delivery-only fields', () => {
    const a = analyzeChatRequest(ask({ temperature: 0, stream: true, user: 'u1' }), limits);
    const b = analyzeChatRequest(
      { temperature: 0, messages: [{ content: 'What is a cache?', role: 'user' }], model: 'gpt-4o-mini' },
      limits,
    );
    expect(a.exactHash).toBe(b.exactHash);
  });

  it.each([
    ['the model', { model: 'gpt-4o' }],
    ['the temperature', { temperature: 0.2 }],
    ['tools', { tools: [{ type: 'function', function: { name: 'f' } }] }],
    [
      'a system prompt',
      {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'What is a cache?' },
        ],
      },
    ],
  ])('changes the exact hash and the semantic context with %s', (_case, change) => {
    const base = analyzeChatRequest(ask(), limits);
    const changed = analyzeChatRequest(ask(change), limits);
    expect(changed.exactHash).not.toBe(base.exactHash);
    expect(changed.semanticContext).not.toBe(base.semanticContext);
  });

  it('keeps the semantic context when only the last user message changes, and compares its normalised text', () => {
    const base = analyzeChatRequest(ask(), limits);
    const reworded = analyzeChatRequest(
      ask({ messages: [{ role: 'user', content: '  Explain   caching？ ' }] }),
      limits,
    );
    expect(reworded.semanticContext).toBe(base.semanticContext);
    expect(reworded.question).toBe('Explain caching?');
  });

  it.each([
    ['n > 1', { n: 2 }],
    ['non-text content', { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }] }],
    ['temperature above CACHE_MAX_TEMPERATURE', { temperature: 1.5 }],
  ])('bypasses the cache for %s', (reason, change) => {
    expect(analyzeChatRequest(ask(change as Partial<ChatRequestBody>), limits).bypass).toBe(reason);
  });

  it('allows the semantic layer only at or below SEMANTIC_MAX_TEMPERATURE, an unset temperature included', () => {
    expect(analyzeChatRequest(ask({ temperature: 0.9 }), limits)).toMatchObject({
      bypass: undefined,
      semanticAllowed: false,
    });
    expect(analyzeChatRequest(ask({ temperature: 0.7 }), limits).semanticAllowed).toBe(true);
    expect(analyzeChatRequest(ask(), limits).semanticAllowed).toBe(true);
  });

  it('caches non-text requests by exact match only with cacheNonText', () => {
    const image = ask({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }] });
    expect(analyzeChatRequest(image, { ...limits, cacheNonText: true })).toMatchObject({
      bypass: undefined,
      semanticAllowed: false,
    });
  });

  it('allows the semantic layer up to SEMANTIC_MAX_MESSAGES turns, system messages not counted', () => {
    const turns = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `turn ${i}` }));
    const withSystem = (n: number) => ask({ messages: [{ role: 'system', content: 'be brief' }, ...turns(n)] });
    expect(analyzeChatRequest(withSystem(3), limits).semanticAllowed).toBe(true);
    expect(analyzeChatRequest(withSystem(5), limits)).toMatchObject({ bypass: undefined, semanticAllowed: false });
    expect(analyzeChatRequest(withSystem(5), { ...limits, semanticMaxMessages: 5 }).semanticAllowed).toBe(true);
  });

  it('never lets the semantic layer answer a request that carries a tool result', () => {
    const toolLoop = ask({
      messages: [
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function' }] },
        { role: 'tool', tool_call_id: 'c1', content: '21 degrees' },
        { role: 'user', content: 'And tomorrow?' },
      ],
    });
    expect(analyzeChatRequest(toolLoop, limits)).toMatchObject({ bypass: undefined, semanticAllowed: false });
  });

  it('has no question when the last message is not from the user', () => {
    const analysis = analyzeChatRequest(
      ask({
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'hello' },
        ],
      }),
      limits,
    );
    expect(analysis).toMatchObject({ question: undefined, semanticAllowed: false });
  });
});

describe('textOf', () => {
  it('joins text parts and refuses anything else', () => {
    expect(textOf('plain')).toBe('plain');
    expect(
      textOf([
        { type: 'text', text: 'a' },
        { type: 'text', text: 'b' },
      ]),
    ).toBe('a\nb');
    expect(textOf([{ type: 'text', text: 'a' }, { type: 'input_audio' }])).toBeUndefined();
    expect(textOf(42)).toBeUndefined();
  });
});

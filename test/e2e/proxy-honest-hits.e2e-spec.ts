import OpenAI from 'openai';
import { AnswerCacheService } from '../../src/answer-cache/answer-cache.service';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';
import { waitUntil } from '../support/wait-until';

/** The value of one sample in Prometheus text, 0 when absent. */
function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/** The id the `openai` client puts on what it returns (`_request_id`), as it read it from x-request-id. */
const requestIdOf = (result: object) => (result as { _request_id?: string | null })._request_id;

const CACHE_ID = /^req_cache_[0-9a-f]{32}$/;
const UPSTREAM_ID = /^req_\d+$/;

/** Every /v1 answer says which request produced it, and a hit says its usage was not spent now. */
describe('/v1 honest hits: x-request-id and x-cache-usage', () => {
  const { upstream, app, client } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'lexical' }, { listen: true });
  const messages = [{ role: 'user' as const, content: 'Who produced this answer?' }];
  const drain = async (stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) => {
    const usage: unknown[] = [];
    for await (const chunk of stream) if (chunk.usage) usage.push(chunk.usage);
    return usage;
  };

  it("gives a JSON chat miss the upstream's request id and a hit its own, with the stored usage replayed", async () => {
    const miss = await client().chat.completions.create({ model: 'gpt-4o-mini', messages });
    const hit = await client().chat.completions.create({ model: 'gpt-4o-mini', messages }).withResponse();

    expect(requestIdOf(miss)).toMatch(UPSTREAM_ID);
    expect(requestIdOf(await client().chat.completions.create({ model: 'gpt-4o-mini', messages }))).toMatch(CACHE_ID);
    expect(hit.request_id).toMatch(CACHE_ID);
    expect(hit.response.headers.get('x-cache')).toBe('HIT');
    expect(hit.response.headers.get('x-cache-usage')).toBe('replayed');
    expect(hit.data.usage).toEqual(miss.usage);
  });

  it('does the same for streamed chat, and counts a streamed hit like a JSON one', async () => {
    const ask = () =>
      client()
        .chat.completions.create({
          model: 'gpt-4o-mini',
          messages,
          stream: true,
          stream_options: { include_usage: true },
        })
        .withResponse();
    const miss = await ask();
    const missUsage = await drain(miss.data);
    const hit = await ask();
    const hitUsage = await drain(hit.data);
    await client().chat.completions.create({ model: 'gpt-4o-mini', messages });

    expect(miss.request_id).toMatch(UPSTREAM_ID);
    expect(miss.response.headers.get('x-cache-usage')).toBeNull();
    expect(hit.request_id).toMatch(CACHE_ID);
    expect(hit.response.headers.get('x-cache-usage')).toBe('replayed');
    expect(hitUsage).toEqual(missUsage);
    const metrics = await (await fetch(`${await app().getUrl()}/metrics`)).text();
    expect(sample(metrics, 'llm_cache_answers_total', 'route="chat",source="prompt_cache"')).toBe(2);
    expect(sample(metrics, 'llm_cache_proxy_duration_seconds_count', 'route="chat",source="prompt_cache"')).toBe(2);
  });

  it('gives embeddings a request id on a miss and on a hit, x-cache-usage on the hit only', async () => {
    const embed = () =>
      client()
        .embeddings.create({ model: 'text-embedding-3-small', input: 'id me', encoding_format: 'float' })
        .withResponse();
    const miss = await embed();
    const hit = await embed();

    expect(miss.request_id).toMatch(UPSTREAM_ID);
    expect(miss.response.headers.get('x-cache-usage')).toBeNull();
    expect(hit.response.headers.get('x-cache')).toBe('HIT');
    expect(hit.request_id).toMatch(CACHE_ID);
    expect(hit.response.headers.get('x-cache-usage')).toBe('replayed');
    expect(hit.data.usage).toEqual(miss.data.usage);
  });

  it("marks coalesced followers' usage replayed: a replay gets its own id, a relay its call's", async () => {
    const release = upstream.hold('chat');
    const leader = client().chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }).withResponse();
    await upstream.whenCalled('chat');
    const relayed = client().chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }).withResponse();
    const replayed = client().chat.completions.create({ model: 'gpt-4o-mini', messages }).withResponse();
    await waitUntil(() => app().get(AnswerCacheService).followersWaiting === 2, 'both followers wait');
    release();
    const [lead, relay, replay] = await Promise.all([leader, relayed, replayed]);
    await Promise.all([drain(lead.data), drain(relay.data)]);

    expect(lead.response.headers.get('x-cache')).toBe('MISS');
    expect(lead.response.headers.get('x-cache-usage')).toBeNull();
    expect(relay.response.headers.get('x-cache')).toBe('COALESCED');
    expect(relay.request_id).toBe(lead.request_id);
    expect(relay.response.headers.get('x-cache-usage')).toBe('replayed');
    expect(replay.response.headers.get('x-cache')).toBe('COALESCED');
    expect(replay.request_id).toMatch(CACHE_ID);
    expect(replay.response.headers.get('x-cache-usage')).toBe('replayed');
    expect(upstream.calls.chat).toBe(1);
  });
});

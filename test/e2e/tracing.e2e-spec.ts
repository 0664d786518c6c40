import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import request from 'supertest';
import { TracingConfig } from '../../src/config/tracing.config';
import { validateEnvironment } from '../../src/config/validate-environment';
import { registerTracing, Tracing } from '../../src/tracing/register-tracing';
import { ask } from '../support/ask';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';
import { waitUntil } from '../support/wait-until';

const QUESTION = 'What is a cache?';

/** The spans of one trace as a tree: each span with the names of its children, in start order. */
function traceOf(spans: ReadableSpan[], root: ReadableSpan) {
  const children = (parent: ReadableSpan) =>
    spans.filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId).map((span) => span.name);
  const named = (name: string) => {
    const found = spans.find((span) => span.name === name && span.spanContext().traceId === root.spanContext().traceId);
    if (!found) throw new Error(`No span ${name} in the trace`);
    return found;
  };
  return { children, named };
}

describe('OpenTelemetry traces (in-memory exporter, registered as main.ts registers the SDK)', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing | undefined;
  const { app } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'lexical', SEMANTIC_VERIFY: 'all' });

  beforeAll(async () => {
    tracing = await registerTracing(new TracingConfig(validateEnvironment({})), new SimpleSpanProcessor(exporter));
  });
  afterAll(() => tracing?.shutdown());
  beforeEach(() => exporter.reset());

  /** The finished root spans (`llm_cache.request`), once `count` have ended with their upstream spans. */
  async function roots(count: number, upstreamSpans = 0): Promise<ReadableSpan[]> {
    const finished = () => exporter.getFinishedSpans();
    await waitUntil(
      () =>
        finished().filter((span) => span.name === 'llm_cache.request').length === count &&
        finished().filter((span) => span.kind === SpanKind.CLIENT).length === upstreamSpans,
      `${count} requests and ${upstreamSpans} upstream calls are traced`,
    );
    return finished().filter((span) => span.name === 'llm_cache.request');
  }

  it('traces a miss as exact and semantic lookups, then the upstream call with GenAI attributes', async () => {
    await ask(app(), { question: QUESTION }).expect(200);

    const [root] = await roots(1, 1);
    const spans = exporter.getFinishedSpans();
    const tree = traceOf(spans, root);
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.attributes).toMatchObject({ 'llm_cache.status': 'MISS' });
    expect(root.attributes['llm_cache.namespace_hash']).toMatch(/^[0-9a-f]{16}$/);
    expect(tree.children(root)).toEqual(['llm_cache.lookup.exact', 'llm_cache.lookup.semantic', 'chat gpt-4o-mini']);
    expect(tree.named('llm_cache.lookup.exact').attributes).toMatchObject({
      'llm_cache.layer': 'exact',
      'llm_cache.hit': false,
    });
    const semantic = tree.named('llm_cache.lookup.semantic');
    expect(semantic.attributes).toMatchObject({ 'llm_cache.layer': 'semantic', 'llm_cache.hit': false });
    expect(tree.children(semantic)).toEqual(['llm_cache.embed', 'llm_cache.vector_search']);
    const upstream = tree.named('chat gpt-4o-mini');
    expect(upstream.kind).toBe(SpanKind.CLIENT);
    expect(upstream.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.system': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': QUESTION.length,
      'gen_ai.usage.output_tokens': expect.any(Number),
    });
  });

  it('traces an exact hit as one lookup, with no upstream span', async () => {
    await ask(app(), { question: QUESTION }).expect(200);
    await roots(1, 1);
    exporter.reset();

    await ask(app(), { question: QUESTION }).expect(200);

    const [root] = await roots(1, 0);
    const tree = traceOf(exporter.getFinishedSpans(), root);
    expect(root.attributes).toMatchObject({ 'llm_cache.status': 'HIT' });
    expect(tree.children(root)).toEqual(['llm_cache.lookup.exact']);
    expect(tree.named('llm_cache.lookup.exact').attributes).toMatchObject({ 'llm_cache.hit': true });
  });

  it('traces a semantic hit down to the verifier, with its similarity', async () => {
    await ask(app(), { question: '什麼是快取？' }).expect(200);
    await roots(1, 1);
    exporter.reset();

    await ask(app(), { question: '請解釋快取是什麼' }).expect(200);

    const [root] = await roots(1, 0);
    const tree = traceOf(exporter.getFinishedSpans(), root);
    expect(root.attributes).toMatchObject({ 'llm_cache.status': 'SEMANTIC_HIT' });
    const semantic = tree.named('llm_cache.lookup.semantic');
    expect(semantic.attributes).toMatchObject({ 'llm_cache.hit': true });
    expect(semantic.attributes['llm_cache.similarity']).toBeGreaterThanOrEqual(0.9);
    expect(tree.children(semantic)).toEqual(['llm_cache.embed', 'llm_cache.vector_search', 'llm_cache.verify']);
    expect(tree.named('llm_cache.verify').attributes).toMatchObject({
      'llm_cache.verifier': 'guard',
      'llm_cache.verdict': 'accepted',
    });
  });

  it('traces /v1/chat/completions the same way, and no span holds the question or the namespace', async () => {
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: QUESTION }] };
    await request(app().getHttpServer()).post('/v1/chat/completions').send(body).expect(200);
    await request(app().getHttpServer()).post('/v1/chat/completions').send(body).expect(200);

    const [miss, hit] = await roots(2, 1);
    expect([miss.attributes['llm_cache.status'], hit.attributes['llm_cache.status']]).toEqual(['MISS', 'HIT']);
    expect(traceOf(exporter.getFinishedSpans(), miss).children(miss)).toContain('chat gpt-4o-mini');
    const values = exporter.getFinishedSpans().flatMap((span) => Object.values(span.attributes).map(String));
    expect(values.filter((value) => value.includes('cache?') || value === 'default')).toEqual([]);
  });
});

import request from 'supertest';
import { ask } from '../support/ask';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

/** The value of one sample in Prometheus text, 0 when absent. */
function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('SEMANTIC_MAX_TOTAL_ENTRIES', () => {
  const { app } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'lexical', SEMANTIC_MAX_TOTAL_ENTRIES: '2' });
  const questions = ['什麼是快取？', 'How tall is Mount Everest?', 'Name three prime numbers.'];
  const paraphrase = '請解釋快取是什麼';
  const askIn = (n: number, question = questions[n]) => ask(app(), { question, namespace: `tenant-${n}` }).expect(200);

  it('evicts the least recently used entry of any namespace beyond the bound, and counts it', async () => {
    await askIn(0);
    await askIn(1);
    // A semantic hit makes tenant-0's entry the more recent one.
    expect((await askIn(0, paraphrase)).body.source).toBe('semantic_cache');

    await askIn(2);

    const metrics = (await request(app().getHttpServer()).get('/metrics').expect(200)).text;
    expect(sample(metrics, 'llm_cache_entries', 'layer="semantic"')).toBe(2);
    expect(sample(metrics, 'llm_cache_semantic_evictions_total', 'reason="global"')).toBe(1);
    expect(sample(metrics, 'llm_cache_semantic_evictions_total', 'reason="per_namespace"')).toBe(0);
    expect((await askIn(0, paraphrase)).body.source).toBe('semantic_cache');
  });
});

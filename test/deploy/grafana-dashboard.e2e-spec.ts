import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ask } from '../support/ask';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';
import { dashboardQueries, declaredFamilies, familyOf, metricNames, ROOT } from './deploy-files';

const dashboard = JSON.parse(readFileSync(join(ROOT, 'deploy/grafana/dashboards/llm-cache.json'), 'utf8')) as {
  uid: string;
  panels: { title: string; targets?: { expr: string }[]; datasource?: { uid: string } }[];
};
const queries = dashboardQueries(dashboard);

describe('Grafana dashboard (deploy/grafana/dashboards/llm-cache.json)', () => {
  const { app } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'lexical', SEMANTIC_VERIFY: 'all' });

  /** /metrics after a miss, an exact hit, a verified semantic hit, a proxied chat and a forwarded request. */
  async function metricsAfterTraffic(): Promise<string> {
    await ask(app(), { question: '什麼是快取？' }).expect(200);
    await ask(app(), { question: '什麼是快取？' }).expect(200);
    await ask(app(), { question: '請解釋快取是什麼' }).expect(200);
    const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What is a cache?' }] };
    await request(app().getHttpServer()).post('/v1/chat/completions').send(chat).expect(200);
    await request(app().getHttpServer()).get('/v1/models').expect(200);
    const metrics = await request(app().getHttpServer()).get('/metrics').expect(200);
    return metrics.text;
  }

  it('queries only metrics that /metrics exports, each with series after traffic', async () => {
    const exposition = await metricsAfterTraffic();
    const families = declaredFamilies(exposition);

    const read = queries.flatMap(({ panel, expr }) => metricNames(expr).map((name) => ({ panel, name })));
    const missing = read.filter(({ name }) => familyOf(name, families) === undefined);
    const silent = read.filter(({ name }) => !new RegExp(`^${name}[{ ]`, 'm').test(exposition));

    expect(read.length).toBeGreaterThanOrEqual(queries.length);
    expect(missing).toEqual([]);
    // A family without series (a labelled counter never incremented) would draw nothing: only failures may.
    expect(silent.filter(({ name }) => !/store_errors|writes_skipped/.test(name))).toEqual([]);
  });

  it('draws the panels an operator looks for, every one from the provisioned Prometheus', () => {
    const titles = dashboard.panels.map((panel) => panel.title);

    expect(titles).toEqual(
      expect.arrayContaining([
        'Hit rate per layer',
        '/ask latency p95 by source',
        'LLM calls avoided',
        'Tokens saved',
        'Circuit breakers',
        'Semantic verifications',
        'Forwarded requests',
      ]),
    );
    expect(dashboard.panels.filter((panel) => panel.datasource?.uid !== 'prometheus')).toEqual([]);
  });

  it('finds a metric the service does not export', () => {
    const families = declaredFamilies(
      '# TYPE llm_cache_lookups_total counter\n# TYPE llm_cache_ask_duration_seconds histogram\n',
    );

    expect(familyOf('llm_cache_ask_duration_seconds_bucket', families)).toBe('llm_cache_ask_duration_seconds');
    expect(familyOf('llm_cache_lookups_total_bucket', families)).toBeUndefined();
    expect(familyOf('llm_cache_lookup_total', families)).toBeUndefined();
  });
});

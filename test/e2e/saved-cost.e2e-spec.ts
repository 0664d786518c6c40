import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ask } from '../support/ask';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

/** The value of one sample in Prometheus text, 0 when absent. */
function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

const question = 'What is a cache?';
// The fake upstream reports the question's and the answer's lengths as prompt and completion tokens.
const dir = mkdtempSync(join(tmpdir(), 'prices-'));
const pricesFile = join(dir, 'prices.json');
writeFileSync(pricesFile, JSON.stringify({ models: { 'house-model': { input: 1_000_000, output: 2_000_000 } } }));

describe('saved tokens and dollars', () => {
  const { app } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'lexical', PRICES_FILE: pricesFile });
  const http = () => request(app().getHttpServer());

  it('prices a hit on a priced model, and /metrics/json shows the same figure', async () => {
    await ask(app(), { question, model: 'gpt-4o-mini' }).expect(200);
    expect(sample((await http().get('/metrics')).text, 'llm_cache_saved_cost_usd_total', 'model="gpt-4o-mini"')).toBe(
      0,
    );
    const hit = await ask(app(), { question, model: 'gpt-4o-mini' }).expect(200);
    expect(hit.body.source).toBe('prompt_cache');

    const text = (await http().get('/metrics').expect(200)).text;
    const cost = sample(text, 'llm_cache_saved_cost_usd_total', 'model="gpt-4o-mini"');
    expect(cost).toBeGreaterThan(0);
    const input = sample(text, 'llm_cache_saved_tokens_total', 'kind="input",model="gpt-4o-mini"');
    const output = sample(text, 'llm_cache_saved_tokens_total', 'kind="output",model="gpt-4o-mini"');
    expect(input).toBe(question.length);
    expect(output).toBe(hit.body.answer.length);
    expect(cost).toBeCloseTo((input * 0.15 + output * 0.6) / 1e6, 12);
    const json = (await http().get('/metrics/json').expect(200)).body;
    expect(json.saved).toMatchObject({ inputTokens: input, outputTokens: output, costUsd: cost });
    expect(json.saved.byNamespace).toEqual([
      { namespace: 'default', model: 'gpt-4o-mini', inputTokens: input, outputTokens: output, costUsd: cost },
    ]);
  });

  it('takes prices from PRICES_FILE, and counts an unpriced model under other with no cost', async () => {
    for (const model of ['house-model', 'house-model', 'mystery-model', 'mystery-model']) {
      await ask(app(), { question, model }).expect(200);
    }
    const text = (await http().get('/metrics').expect(200)).text;
    const output = sample(text, 'llm_cache_saved_tokens_total', 'kind="output",model="house-model"');
    expect(output).toBeGreaterThan(0);
    // 1e6 and 2e6 USD per 1M tokens: a dollar per input token, two per output token.
    expect(sample(text, 'llm_cache_saved_cost_usd_total', 'model="house-model"')).toBe(question.length + 2 * output);
    expect(sample(text, 'llm_cache_saved_tokens_total', 'kind="input",model="other"')).toBe(question.length);
    expect(sample(text, 'llm_cache_saved_cost_usd_total', 'model="other"')).toBe(0);
    expect(text).not.toMatch(/mystery-model/);
  });

  it('exports llm_cache_build_info and metrics that promtool check metrics accepts', async () => {
    await ask(app(), { question }).expect(200);
    await ask(app(), { question }).expect(200);
    const text = (await http().get('/metrics').expect(200)).text;
    expect(text).toMatch(/^llm_cache_build_info\{version="[^"]+",node_version="v[\d.]+"\} 1$/m);
    const promtool = spawnSync('sh', ['-c', 'command -v promtool']).status === 0;
    if (!promtool) {
      console.warn('promtool check metrics skipped: promtool is not installed (Debian package prometheus)');
      return;
    }
    // Only the service's own families: prom-client's default process/nodejs metrics are not ours to rename.
    const own = text
      .split('\n')
      .filter((line) => /^(# (HELP|TYPE) )?llm_cache_/.test(line))
      .join('\n');
    expect(own).toMatch(/llm_cache_saved_cost_usd_total/);
    const problems = spawnSync('promtool', ['check', 'metrics'], { input: `${own}\n`, encoding: 'utf8' });
    expect(`${problems.stdout}${problems.stderr}`.trim()).toBe('');
    expect(problems.status).toBe(0);
  });
});

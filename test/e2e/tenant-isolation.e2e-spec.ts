import { probeTenants } from '../../bench/probe-tenants';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

/**
 * The tenant probe of `npm run probe:tenants`, run against the real app: two keys ask the same
 * questions and paraphrases at once, through /ask and /v1/chat/completions, exact and semantic.
 * The fake upstream numbers its answers, so each answer is traceable to the key whose miss
 * produced it, and a cached answer crossing keys would show.
 */
describe('Tenant isolation', () => {
  const { upstream, app } = useAppWithFakeUpstream(
    { API_KEYS: 'ka:team-a,kb:team-b', CACHE_SECRET: 'e2e-cache-secret-0123456789', EMBED_PROVIDER: 'lexical' },
    { listen: true },
  );

  it('gives 0 of 1,000 interleaved concurrent answers to the other tenant', async () => {
    // Arrange
    upstream.numberAnswers = true;

    // Act
    const report = await probeTenants({
      url: await app().getUrl(),
      keys: ['ka', 'kb'],
      requests: 1000,
      concurrency: 50,
    });

    // Assert
    expect(report).toMatchObject({ requests: 1000, crossTenant: 0, unattributed: 0, namespaces: ['team-a', 'team-b'] });
    expect(report.statuses.HIT).toBeGreaterThan(0);
    expect(report.statuses.SEMANTIC_HIT).toBeGreaterThan(0);
    expect(report.statuses.MISS).toBeGreaterThanOrEqual(2);
  }, 30_000);
});

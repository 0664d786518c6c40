import { RelayedResolution, ReplayedResolution } from '../answer-cache/answer-query';
import { BodySubscription } from '../answer-cache/single-flight/chunk-broadcast';
import { relayHeaders, replayHeaders, withRequestId } from './answer-headers';

const answer = { answer: 'A', question: 'q', model: 'm', createdAt: Date.now(), tokens: 1 };
const replayed = (status: ReplayedResolution['status']): ReplayedResolution => ({
  kind: 'replay',
  status,
  key: 'prompt_cache:default:abc',
  answer,
});
const relayed = (status: RelayedResolution['status'], headers: Record<string, string>): RelayedResolution => ({
  kind: 'relay',
  status,
  key: 'prompt_cache:default:abc',
  headers,
  body: {} as BodySubscription,
  answer: Promise.resolve(undefined),
});

describe('answer headers', () => {
  it('gives each replayed answer a request id of its own and says its usage is replayed', () => {
    const first = replayHeaders(replayed('HIT'));
    const second = replayHeaders(replayed('COALESCED'));

    expect(first).toMatchObject({ 'x-cache': 'HIT', 'x-cache-usage': 'replayed' });
    expect(first['x-request-id']).toMatch(/^req_cache_[0-9a-f]{32}$/);
    expect(second['x-request-id']).not.toBe(first['x-request-id']);
  });

  it("keeps the upstream's request id on a relayed answer, and its usage unmarked unless coalesced", () => {
    const miss = relayHeaders(relayed('MISS', { 'x-request-id': 'req_up', 'x-cache': 'upstream' }));
    const follower = relayHeaders(relayed('COALESCED', { 'x-request-id': 'req_up' }));

    expect(miss).toEqual({ 'x-request-id': 'req_up', 'x-cache': 'MISS', 'x-cache-key': 'prompt_cache:default:abc' });
    expect(follower).toMatchObject({ 'x-request-id': 'req_up', 'x-cache-usage': 'replayed' });
  });

  it('gives an answer whose upstream sent no request id one of the cache', () => {
    expect(relayHeaders(relayed('BYPASS', {}))['x-request-id']).toMatch(/^req_cache_/);
    expect(withRequestId({ 'x-request-id': 'req_up' })).toEqual({ 'x-request-id': 'req_up' });
  });
});

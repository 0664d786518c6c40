import { AcceptedKeys } from '../../src/access/accepted-keys.service';
import { Environment } from '../../src/config/environment';
import { LlmConfig } from '../../src/config/llm.config';
import { ResilienceConfig } from '../../src/config/resilience.config';
import { GuardVerifier } from '../../src/embed-cache/verifier/adapters/guard-verifier';
import { LlmVerifier } from '../../src/embed-cache/verifier/adapters/llm-verifier';
import { NoVerifier } from '../../src/embed-cache/verifier/adapters/no-verifier';
import { HttpOpenAiUpstream } from '../../src/llm/adapters/http-openai-upstream';
import { LlmService } from '../../src/llm/llm.service';
import { MetricsService } from '../../src/metrics/metrics.service';
import { CircuitBreakers } from '../../src/resilience/circuit-breakers.service';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { verifierContract } from './verifier.contract';

describe('Verifier adapters', () => {
  const upstream = new FakeOpenAiServer();
  const llmVerifier = () => {
    const metrics = {
      recordLlmCall: () => undefined,
      recordCircuitState: () => undefined,
    } as unknown as MetricsService;
    const env = new Environment();
    const http = new HttpOpenAiUpstream({ baseUrl: upstream.baseUrl, timeoutMs: 2000 });
    const breakers = new CircuitBreakers(new ResilienceConfig(env), metrics);
    const llm = new LlmService(http, http, metrics, new LlmConfig(env), {} as AcceptedKeys, breakers);
    return new LlmVerifier(llm, { model: 'judge-mini', timeoutMs: 2000 });
  };

  beforeAll(async () => {
    await upstream.start();
  });
  beforeEach(() => upstream.reset());
  afterAll(async () => {
    await upstream.stop();
  });

  verifierContract('guard', { makeSut: () => new GuardVerifier(), judges: true });
  verifierContract('llm (fake OpenAI-compatible judge)', {
    makeSut: llmVerifier,
    makeFailing: () => {
      upstream.verifier.failNext(1);
      return llmVerifier();
    },
    judges: true,
  });
  verifierContract('none', { makeSut: () => new NoVerifier(), judges: false });
});

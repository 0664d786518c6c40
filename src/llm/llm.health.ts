import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { LlmClient } from './llm-client.port';

/**
 * Readiness of the LLM: configured or not. It does not call the upstream, so probes
 * cost no tokens and a slow provider cannot take every replica out of rotation.
 */
@Injectable()
export class LlmHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly client: LlmClient,
  ) {}

  isHealthy(key = 'llm'): HealthIndicatorResult {
    const indicator = this.health.check(key);
    return this.client.isConfigured
      ? indicator.up()
      : indicator.down({ message: 'not configured: set OPENAI_API_KEY or OPENAI_BASE_URL' });
  }
}

import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { LlmConfig } from '../config/llm.config';

/**
 * Readiness of the LLM: configured or not. It does not call the upstream, so probes
 * cost no tokens and a slow provider cannot take every replica out of rotation.
 */
@Injectable()
export class LlmHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly config: LlmConfig,
  ) {}

  isHealthy(key = 'llm'): HealthIndicatorResult {
    const indicator = this.health.check(key);
    return this.config.isConfigured
      ? indicator.up()
      : indicator.down({ message: 'not configured: set OPENAI_API_KEY or OPENAI_BASE_URL' });
  }
}

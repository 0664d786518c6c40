import { Environment } from './environment';

/** Metrics pricing and logging settings (see {@link Environment} for units and defaults). */
export class ObservabilityConfig {
  /** A JSON price table overriding the built-in one; undefined = the built-in table only. */
  readonly pricesFile?: string;
  readonly logLevel: string;

  constructor(env: Environment) {
    this.pricesFile = env.PRICES_FILE;
    this.logLevel = env.LOG_LEVEL;
  }
}

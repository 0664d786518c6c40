import { Environment } from './environment';

/** HTTP server settings (see {@link Environment} for units and defaults). */
export class HttpConfig {
  readonly port: number;
  readonly host: string;
  readonly bodyLimitBytes: number;

  constructor(env: Environment) {
    this.port = env.PORT;
    this.host = env.HOST;
    this.bodyLimitBytes = env.BODY_LIMIT_BYTES;
  }
}

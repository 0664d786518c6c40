import { keysConfigured } from './access.config';
import { Environment } from './environment';

/** HTTP server settings (see {@link Environment} for units and defaults). */
export class HttpConfig {
  readonly port: number;
  /** HOST, else loopback only while the service runs open (no API keys), all interfaces with keys. */
  readonly host: string;
  readonly bodyLimitBytes: number;

  constructor(env: Environment) {
    this.port = env.PORT;
    this.host = env.HOST ?? (keysConfigured(env) ? '0.0.0.0' : '127.0.0.1');
    this.bodyLimitBytes = env.BODY_LIMIT_BYTES;
  }
}

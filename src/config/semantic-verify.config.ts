import { Environment } from './environment';

/** How semantic candidates are verified before they are served (see {@link Environment} for units and defaults). */
export class SemanticVerifyConfig {
  readonly verifier: 'guard' | 'llm' | 'none';
  /** Width below the threshold in which candidates need the verifier's accept; 0 = no band. */
  readonly band: number;
  /** True: every semantic hit is verified, not only those in the band. */
  readonly verifyAll: boolean;
  /** The model the `llm` verifier asks. */
  readonly model: string;
  readonly timeoutMs: number;
  /** Wrong reports an entry survives (SEMANTIC_FEEDBACK_EVICT_AFTER). */
  readonly evictAfter: number;
  /** SEMANTIC_FEEDBACK_RAISE_MARGIN. */
  readonly raiseMargin: number;
  /** SEMANTIC_MAX_ERROR_RATE. */
  readonly maxErrorRate: number;
  /** SEMANTIC_NAMESPACE_SETTINGS_FILE; undefined = none. */
  readonly namespaceSettingsFile?: string;

  constructor(env: Environment) {
    this.verifier = env.SEMANTIC_VERIFIER;
    this.band = env.SEMANTIC_UNCERTAINTY_BAND;
    this.verifyAll = env.SEMANTIC_VERIFY === 'all';
    this.model = env.VERIFY_MODEL ?? env.LLM_MODEL;
    this.timeoutMs = env.VERIFY_TIMEOUT_MS;
    this.evictAfter = env.SEMANTIC_FEEDBACK_EVICT_AFTER;
    this.raiseMargin = env.SEMANTIC_FEEDBACK_RAISE_MARGIN;
    this.maxErrorRate = env.SEMANTIC_MAX_ERROR_RATE;
    this.namespaceSettingsFile = env.SEMANTIC_NAMESPACE_SETTINGS_FILE;
  }
}

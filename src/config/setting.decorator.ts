import 'reflect-metadata';

/** The sections of `.env.example` and of the README's tables, in the order they are rendered. */
export const SETTING_GROUPS = {
  HTTP: 'HTTP',
  Access: 'Access control',
  Store: 'Store',
  Cache: 'Cache',
  Semantic: 'Semantic index',
  Proxy: 'Proxy (/v1/chat/completions)',
  LLM: 'LLM (any OpenAI-compatible server)',
  Anthropic: 'Anthropic (/v1/messages)',
  Embeddings: 'Embeddings',
  Resilience: 'Resilience (deadlines, circuit breakers, shutdown)',
  Tracing: 'Tracing (OpenTelemetry)',
  Observability: 'Observability (metrics, logs)',
} as const;

export type SettingGroup = keyof typeof SETTING_GROUPS;

/** What the docs generator needs beyond the TSDoc and the initialiser of a config property. */
export interface SettingOptions {
  group: SettingGroup;
  /** True: in the README's main table (what a new user sets; keep it to about 15). False: under Advanced. */
  main: boolean;
  /** One line for the README table: the meaning, without the default. */
  doc: string;
  /** The README's default column for a property without an initialiser. Unset: `unset`. */
  unset?: string;
}

export interface SettingMetadata extends SettingOptions {
  name: string;
}

const SETTINGS_KEY = Symbol('config:settings');

/** Records a config property's docs metadata; {@link settingsOf} lists them in declaration order. */
export function Setting(options: SettingOptions): PropertyDecorator {
  return (prototype, property) => {
    const own = (Reflect.getOwnMetadata(SETTINGS_KEY, prototype) as SettingMetadata[] | undefined) ?? [];
    Reflect.defineMetadata(SETTINGS_KEY, [...own, { ...options, name: String(property) }], prototype);
  };
}

export function settingsOf(type: abstract new () => object): SettingMetadata[] {
  return (Reflect.getOwnMetadata(SETTINGS_KEY, type.prototype as object) as SettingMetadata[] | undefined) ?? [];
}

import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { NAMESPACE_PATTERN, NAMESPACE_RULE } from '../../common/namespace';
import { NamespaceSettingsDto } from './dto/namespace-settings.dto';

export type NamespaceSettings = Readonly<NamespaceSettingsDto>;

/**
 * Parses SEMANTIC_NAMESPACE_SETTINGS_FILE's text; throws naming the file and the namespace on
 * anything invalid, so a bad file stops the boot.
 */
export function parseNamespaceSettings(text: string, source: string): Map<string, NamespaceSettings> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error(`${source}: must be an object of namespace → settings`);
  const settings = new Map<string, NamespaceSettings>();
  for (const [namespace, value] of Object.entries(raw)) {
    if (!NAMESPACE_PATTERN.test(namespace))
      throw new Error(`${source}: namespace ${namespace} must be ${NAMESPACE_RULE}`);
    const dto = plainToInstance(NamespaceSettingsDto, value as object);
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (typeof value !== 'object' || value === null || errors.length > 0) {
      const detail = errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ') || 'must be an object';
      throw new Error(`${source}: ${namespace}: ${detail}`);
    }
    settings.set(namespace, dto);
  }
  return settings;
}

/** The settings of `namespace`, else of its nearest parent (`team-a` for `team-a/docs`) that has some. */
export function settingsFor(all: ReadonlyMap<string, NamespaceSettings>, namespace: string): NamespaceSettings {
  for (let name = namespace; ; name = name.slice(0, name.lastIndexOf('/'))) {
    const found = all.get(name);
    if (found) return found;
    if (!name.includes('/')) return {};
  }
}

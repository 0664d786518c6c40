import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { SemanticVerifyConfig } from '../../config/semantic-verify.config';
import { NamespaceSettings, parseNamespaceSettings, settingsFor } from './namespace-settings';

/** SEMANTIC_NAMESPACE_SETTINGS_FILE, read once at boot (a bad file stops it, naming the file). */
@Injectable()
export class NamespaceSettingsService {
  private readonly settings: ReadonlyMap<string, NamespaceSettings>;

  constructor(config: SemanticVerifyConfig) {
    const file = config.namespaceSettingsFile;
    this.settings =
      file === undefined ? new Map() : parseNamespaceSettings(read(file), 'SEMANTIC_NAMESPACE_SETTINGS_FILE');
  }

  /** The namespace's own settings, else its parent's; `{}` = the global settings. */
  for(namespace: string): NamespaceSettings {
    return settingsFor(this.settings, namespace);
  }
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `SEMANTIC_NAMESPACE_SETTINGS_FILE cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

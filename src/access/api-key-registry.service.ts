import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { readFileSync, Stats, unwatchFile, watchFile } from 'node:fs';
import { AccessConfig } from '../config/access.config';
import { ApiKey, ApiKeysError, parseApiKeysFile, parseApiKeysVariable, toApiKeys } from './api-keys';
import { findByDigest, keyDigest } from './key-digest';

/**
 * How often API_KEYS_FILE is stat'ed. Polling (fs.watchFile) rather than fs.watch: it survives the
 * file being replaced by a rename (editors, Kubernetes ConfigMap symlink swaps) and works on every
 * file system, for one stat a second.
 */
export const KEYS_FILE_POLL_MS = 1000;

/** Holds the digests of the configured API keys and of ADMIN_KEY, and follows API_KEYS_FILE. */
@Injectable()
export class ApiKeyRegistry implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ApiKeyRegistry.name);
  private keys: readonly ApiKey[] = [];
  private readonly admin?: { digest: Buffer };
  private readonly onFileChange = (current: Stats, previous: Stats) => {
    if (current.mtimeMs !== previous.mtimeMs || current.size !== previous.size || current.ino !== previous.ino)
      this.reload();
  };

  constructor(private readonly config: AccessConfig) {
    if (config.adminKey !== undefined) this.admin = { digest: keyDigest(config.adminKey) };
  }

  /** No key source configured: every caller is trusted. */
  get open(): boolean {
    return !this.config.keysConfigured;
  }

  get adminConfigured(): boolean {
    return this.admin !== undefined;
  }

  /** Number of keys currently accepted. */
  get size(): number {
    return this.keys.length;
  }

  /** Loads the keys (a bad source stops start-up, naming it) and starts following the file. */
  onModuleInit(): void {
    if (this.open && this.config.passthrough) {
      this.logger.log(
        "Access: no API keys; UPSTREAM_AUTH=passthrough, so each caller's upstream key is its credential and its namespace",
      );
      return;
    }
    if (this.open) {
      this.logger.warn(
        'OPEN MODE: neither API_KEYS nor API_KEYS_FILE is set, so every caller is trusted with every ' +
          'namespace. HOST defaults to 127.0.0.1; set API_KEYS (and CACHE_SECRET) before exposing the service.',
      );
      return;
    }
    this.keys = this.read();
    this.logger.log(
      `Access: ${this.keys.length} API key(s)${this.config.apiKeysFile ? `, following ${this.config.apiKeysFile}` : ''}`,
    );
    if (this.config.apiKeysFile)
      watchFile(this.config.apiKeysFile, { interval: KEYS_FILE_POLL_MS, persistent: false }, this.onFileChange);
  }

  onApplicationShutdown(): void {
    if (this.config.apiKeysFile) unwatchFile(this.config.apiKeysFile, this.onFileChange);
  }

  /** Re-reads the sources; on any error keeps the keys it has and logs why. Resolves whether it loaded. */
  reload(): boolean {
    try {
      this.keys = this.read();
      this.logger.log(`Reloaded API keys: ${this.keys.length} key(s)`);
      return true;
    } catch (error) {
      this.logger.error(`Keeping the last good API keys (${this.keys.length}): ${(error as Error).message}`);
      return false;
    }
  }

  /** The key `presented` is, compared by digest in constant time; undefined if none. */
  find(presented: string): ApiKey | undefined {
    return findByDigest(this.keys, presented);
  }

  isAdmin(presented: string | undefined): boolean {
    return presented !== undefined && this.admin !== undefined && findByDigest([this.admin], presented) !== undefined;
  }

  private read(): ApiKey[] {
    const { apiKeys, apiKeysFile, cacheSecret } = this.config;
    const fromVariable = apiKeys === undefined ? [] : parseApiKeysVariable(apiKeys);
    const fromFile = apiKeysFile === undefined ? [] : parseApiKeysFile(readKeysFile(apiKeysFile), 'API_KEYS_FILE');
    // validateEnvironment makes CACHE_SECRET present whenever a key source is.
    return toApiKeys([...fromVariable, ...fromFile], cacheSecret!);
  }
}

function readKeysFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ApiKeysError(
      `API_KEYS_FILE cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

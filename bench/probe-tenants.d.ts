export interface TenantProbeReport {
  requests: number;
  /** Answers that reached one key although the other key's requests produced them, or keys outside its namespace. */
  crossTenant: number;
  /** Cached answers neither key's misses produced in this run (e.g. an upstream that repeats itself). */
  unattributed: number;
  /** Responses per x-cache status. */
  statuses: Record<string, number>;
  /** Each key's namespace, as its first /ask reported it. */
  namespaces: (string | undefined)[];
}

export function probeTenants(options: {
  url: string;
  keys: [string, string];
  requests?: number;
  concurrency?: number;
  model?: string;
  seed?: number;
}): Promise<TenantProbeReport>;

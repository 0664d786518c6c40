import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** The repository's root: deploy files refer to paths relative to it. */
export const ROOT = join(__dirname, '..', '..');

export function readYaml<T = Record<string, unknown>>(path: string): T {
  return parse(readFileSync(join(ROOT, path), 'utf8')) as T;
}

/** Every document of a multi-document YAML file, refusing one that does not parse. */
export function readYamlDocuments(path: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(join(ROOT, path), 'utf8')).map((document) => {
    if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0].message}`);
    return document.toJS() as Record<string, unknown>;
  });
}

interface Panel {
  title: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}

/** Every PromQL expression of a Grafana dashboard, rows' nested panels included, by panel title. */
export function dashboardQueries(dashboard: { panels: Panel[] }): { panel: string; expr: string }[] {
  const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
  return panels.flatMap((panel) => (panel.targets ?? []).map(({ expr }) => ({ panel: panel.title, expr })));
}

/** The service's metric names a PromQL expression reads (`llm_cache_*`, histogram series suffixes kept). */
export function metricNames(expr: string): string[] {
  return [...new Set(expr.match(/\bllm_cache_[a-z0-9_]+/g) ?? [])];
}

/** The metric families `/metrics` declares, with their type (`# TYPE name type`). */
export function declaredFamilies(exposition: string): Map<string, string> {
  const families = new Map<string, string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) families.set(name, type);
  return families;
}

/** The family a series belongs to: a histogram's `_bucket`, `_sum` and `_count` are its own name plus a suffix. */
export function familyOf(series: string, families: Map<string, string>): string | undefined {
  if (families.has(series)) return series;
  const histogram = series.replace(/_(bucket|sum|count)$/, '');
  return families.get(histogram) === 'histogram' ? histogram : undefined;
}

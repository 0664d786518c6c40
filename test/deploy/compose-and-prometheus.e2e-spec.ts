import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readYaml, ROOT } from './deploy-files';

interface Service {
  image?: string;
  build?: string;
  volumes?: string[];
  depends_on?: string[] | Record<string, unknown>;
  environment?: Record<string, string>;
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}
interface PrometheusConfig {
  scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[];
}

const PROMETHEUS_CONFIG = 'deploy/prometheus/prometheus.yml';
const promtool = spawnSync('promtool', ['--version']).status === 0;

describe('docker-compose.yml with Prometheus and Grafana (parsed: Docker does not run in CI)', () => {
  const compose = readYaml<Compose>('docker-compose.yml');
  const mounts = (service: string) =>
    (compose.services[service].volumes ?? []).map((volume) => {
      const [source, target] = volume.split(':');
      return { source, target };
    });

  it('runs the API, Redis, Prometheus and Grafana', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['api', 'grafana', 'prometheus', 'redis']));
    expect(compose.services.prometheus.image).toMatch(/^prom\/prometheus:v\d/);
    expect(compose.services.grafana.image).toMatch(/^grafana\/grafana:\d/);
  });

  it('mounts only files of the repo and declared named volumes', () => {
    const all = Object.keys(compose.services).flatMap((service) => mounts(service));
    const bound = all.filter(({ source }) => source.startsWith('./'));
    const named = all.filter(({ source }) => !source.startsWith('./') && !source.startsWith('/'));

    expect(bound.filter(({ source }) => !source.startsWith('./data/') && !existsSync(join(ROOT, source)))).toEqual([]);
    expect(named.filter(({ source }) => !(source in compose.volumes))).toEqual([]);
    expect(mounts('prometheus')).toContainEqual({
      source: `./${PROMETHEUS_CONFIG}`,
      target: '/etc/prometheus/prometheus.yml',
    });
  });

  it("points Grafana's home dashboard and provisioning at the mounted repo files", () => {
    const grafana = compose.services.grafana;
    const home = grafana.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ?? '';
    const provider = readYaml<{ providers: { options: { path: string } }[] }>(
      'deploy/grafana/provisioning/dashboards/llm-cache.yml',
    );
    const datasource = readYaml<{ datasources: { uid: string; url: string }[] }>(
      'deploy/grafana/provisioning/datasources/prometheus.yml',
    );
    const dashboards = mounts('grafana').find(({ source }) => source === './deploy/grafana/dashboards');

    expect(dashboards?.target).toBe(provider.providers[0].options.path);
    expect(home).toBe(`${dashboards?.target}/llm-cache.json`);
    expect(mounts('grafana')).toContainEqual({
      source: './deploy/grafana/provisioning',
      target: '/etc/grafana/provisioning',
    });
    expect(datasource.datasources[0]).toMatchObject({ uid: 'prometheus', url: 'http://prometheus:9090' });
  });

  it("scrapes the API's /metrics on the port it listens on", () => {
    const config = readYaml<PrometheusConfig>(PROMETHEUS_CONFIG);
    const job = config.scrape_configs.find((scrape) => scrape.job_name === 'llm-cache');

    expect(job?.metrics_path ?? '/metrics').toBe('/metrics');
    expect(job?.static_configs.flatMap((group) => group.targets)).toEqual([
      `api:${compose.services.api.environment?.PORT}`,
    ]);
  });

  (promtool ? it : it.skip)('passes promtool check config', () => {
    const output = execFileSync('promtool', ['check', 'config', PROMETHEUS_CONFIG], { cwd: ROOT, encoding: 'utf8' });

    expect(output).toContain('SUCCESS');
  });
  if (!promtool) console.warn('promtool check config skipped: promtool is not installed (apt-get install prometheus)');
});

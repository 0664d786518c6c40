import request from 'supertest';
import { Environment } from '../../src/config/environment';
import { settingsOf } from '../../src/config/setting.decorator';
import { validateEnvironment } from '../../src/config/validate-environment';
import { HOOKS_AFTER_GRACE_MS } from '../../src/shutdown/graceful-shutdown';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';
import {
  ConfigMap,
  Container,
  Deployment,
  Kustomization,
  manifestFiles,
  manifests,
  one,
  Secret,
  Service,
  ServiceMonitor,
} from './k8s-manifests';
import { SCHEMAS, violations } from './k8s-schema';

const deployment = one<Deployment>('Deployment');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const configMap = one<ConfigMap>('ConfigMap');
const secret = one<Secret>('Secret');
const service = one<Service>('Service');
const serviceMonitor = one<ServiceMonitor>('ServiceMonitor');
const env = { ...configMap.data, ...secret.stringData };

describe('Kubernetes manifests (deploy/k8s)', () => {
  it.each(manifests.map(({ file, doc }) => [`${file} ${String(doc.kind)}`, doc] as const))(
    '%s fits its schema',
    (_, doc) => {
      const schema = SCHEMAS[`${String(doc.apiVersion)} ${String(doc.kind)}`];

      expect(schema).toBeDefined();
      expect(violations(doc, schema)).toEqual([]);
      if (doc.metadata) expect(doc.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    },
  );

  it('refuses a misspelt field, a missing one and a wrong type', () => {
    const broken = structuredClone(deployment);
    const { readinessProbe, ...others } = broken.spec.template.spec.containers[0];
    broken.spec.template.spec.containers[0] = { ...others, readinessprobe: readinessProbe } as unknown as Container;
    broken.spec.replicas = '2';

    expect(violations(broken, SCHEMAS['apps/v1 Deployment'])).toEqual(
      expect.arrayContaining([
        '.spec.replicas: not integer',
        '.spec.template.spec.containers[0].readinessprobe: unknown field',
        '.spec.template.spec.containers[0].readinessProbe: required',
      ]),
    );
  });

  it('lists every manifest in kustomization.yaml but the secret template', () => {
    const { resources } = one<Kustomization>('Kustomization');
    const applied = manifestFiles.filter((file) => file !== 'kustomization.yaml' && file !== 'secret.template.yaml');

    expect([...resources].sort()).toEqual(applied.sort());
  });

  it('ties the selectors, ports and config references together', () => {
    const podLabels = deployment.spec.template.metadata.labels;
    const ports = container.ports.map((port) => port.name);

    expect(podLabels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(podLabels).toMatchObject(service.spec.selector);
    expect(service.metadata.labels).toMatchObject(serviceMonitor.spec.selector.matchLabels);
    expect(service.spec.ports.map((port) => port.name)).toContain(serviceMonitor.spec.endpoints[0].port);
    expect(ports).toContain(service.spec.ports[0].targetPort);
    expect(container.ports[0].containerPort).toBe(Number(configMap.data.PORT));
    expect([container.livenessProbe.httpGet.port, container.readinessProbe.httpGet.port]).toEqual(['http', 'http']);
    expect(container.envFrom).toEqual([
      { configMapRef: { name: configMap.metadata.name } },
      { secretRef: { name: secret.metadata.name } },
    ]);
  });

  it('sets only settings the service reads, and they validate', () => {
    const settings = new Set(settingsOf(Environment).map((setting) => setting.name));

    expect(Object.keys(env).filter((name) => !settings.has(name))).toEqual([]);
    expect(() => validateEnvironment(env)).not.toThrow();
    expect(pod.volumes.map((volume) => volume.name)).toEqual(
      expect.arrayContaining(container.volumeMounts.map((mount) => mount.name)),
    );
    expect(container.volumeMounts.map((mount) => mount.mountPath)).toContain(env.SEMANTIC_SNAPSHOT_DIR);
  });

  it('gives the kubelet time for the preStop hook and the whole graceful shutdown', () => {
    const [command, seconds] = container.lifecycle.preStop.exec.command;
    const preStopMs = Number(seconds) * 1000;
    const graceMs = Number(env.SHUTDOWN_GRACE_MS ?? new Environment().SHUTDOWN_GRACE_MS);
    const drainMs = Number(env.SHUTDOWN_DRAIN_MS ?? new Environment().SHUTDOWN_DRAIN_MS);

    expect(command).toBe('sleep');
    expect(preStopMs + drainMs).toBeGreaterThan(0);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThanOrEqual(preStopMs + graceMs + HOOKS_AFTER_GRACE_MS);
  });

  it('requests CPU and memory, and limits memory above the request', () => {
    const mebibytes = (quantity: string) => {
      const [, amount, unit] = /^(\d+)(Mi|Gi)$/.exec(quantity) ?? [];
      if (!amount) throw new Error(`Unexpected memory quantity ${quantity}`);
      return Number(amount) * (unit === 'Gi' ? 1024 : 1);
    };
    const { requests, limits } = container.resources;

    expect(requests.cpu).toMatch(/^\d+m?$/);
    expect(mebibytes(limits.memory)).toBeGreaterThanOrEqual(mebibytes(requests.memory));
  });

  describe('paths the probes and the ServiceMonitor call', () => {
    const { app } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'lexical' }, { perFile: true });

    it.each([
      ['liveness', container.livenessProbe.httpGet.path, '/health/live'],
      ['readiness', container.readinessProbe.httpGet.path, '/health/ready'],
      ['ServiceMonitor', serviceMonitor.spec.endpoints[0].path, '/metrics'],
    ])('%s calls %s, a route answering 200', async (_, path: string, expected: string) => {
      expect(path).toBe(expected);
      await request(app().getHttpServer()).get(path).expect(200);
    });
  });
});

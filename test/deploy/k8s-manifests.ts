import { readdirSync } from 'node:fs';
import { readYamlDocuments, ROOT } from './deploy-files';

/** The fields the tests read, typed after SCHEMAS has checked them (k8s-schema.ts). */
type Labels = Record<string, string>;
interface Metadata {
  name: string;
  labels?: Labels;
}
interface Probe {
  httpGet: { path: string; port: string | number };
}
export interface Container {
  ports: { name: string; containerPort: number }[];
  envFrom: unknown[];
  livenessProbe: Probe;
  readinessProbe: Probe;
  lifecycle: { preStop: { exec: { command: string[] } } };
  resources: { requests: { cpu: string; memory: string }; limits: { memory: string } };
  volumeMounts: { name: string; mountPath: string }[];
}
export interface Deployment {
  metadata: Metadata;
  spec: {
    replicas: unknown;
    selector: { matchLabels: Labels };
    template: {
      metadata: { labels: Labels };
      spec: { terminationGracePeriodSeconds: number; containers: Container[]; volumes: { name: string }[] };
    };
  };
}
export interface ConfigMap {
  metadata: Metadata;
  data: Record<string, string>;
}
export interface Secret {
  metadata: Metadata;
  stringData: Record<string, string>;
}
export interface Service {
  metadata: Metadata;
  spec: { selector: Labels; ports: { name: string; targetPort: string | number }[] };
}
export interface ServiceMonitor {
  spec: { selector: { matchLabels: Labels }; endpoints: { port: string; path: string }[] };
}
export interface Kustomization {
  resources: string[];
}

export interface ManifestDocument {
  file: string;
  doc: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } } & Record<string, unknown>;
}

const DIR = 'deploy/k8s';

/** Every file of deploy/k8s. */
export const manifestFiles = readdirSync(`${ROOT}/${DIR}`).filter((file) => file.endsWith('.yaml'));

/** Every document of every manifest file. */
export const manifests: ManifestDocument[] = manifestFiles.flatMap((file) =>
  readYamlDocuments(`${DIR}/${file}`).map((doc) => ({ file, doc })),
);

/** The one manifest of `kind`. */
export function one<T>(kind: string): T {
  const found = manifests.filter(({ doc }) => doc.kind === kind);
  if (found.length !== 1) throw new Error(`Expected one ${kind} in ${DIR}, found ${found.length}`);
  return found[0].doc as unknown as T;
}

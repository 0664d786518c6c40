/**
 * A closed structural schema of the Kubernetes fields the manifests use: kubeconform's schemas
 * cannot be downloaded here, so this checks the same things for our subset (known apiVersion/kind
 * pairs, required fields, types), and refuses any field it does not know, which catches a typo
 * (`readinessprobe`) that kubectl would only warn about, or silently drop.
 */
export type Schema =
  'string' | 'integer' | 'boolean' | 'int-or-string' | 'string-map' | 'empty' | Schema[] | { [field: string]: Schema };

/** A field whose name ends in `?` may be absent; all others are required. */
const name = 'string';
const labels = 'string-map';
const metadata: Schema = { name, 'namespace?': 'string', 'labels?': labels, 'annotations?': 'string-map' };
const selector: Schema = { matchLabels: labels };

const probe: Schema = {
  httpGet: { path: 'string', port: 'int-or-string' },
  'initialDelaySeconds?': 'integer',
  'periodSeconds?': 'integer',
  'timeoutSeconds?': 'integer',
  'failureThreshold?': 'integer',
  'successThreshold?': 'integer',
};

const container: Schema = {
  name,
  image: 'string',
  'imagePullPolicy?': 'string',
  'ports?': [{ name, containerPort: 'integer', 'protocol?': 'string' }],
  'envFrom?': [{ 'configMapRef?': { name }, 'secretRef?': { name } }],
  livenessProbe: probe,
  readinessProbe: probe,
  'startupProbe?': probe,
  'lifecycle?': { preStop: { exec: { command: ['string'] } } },
  resources: { requests: { cpu: 'string', memory: 'string' }, limits: { memory: 'string', 'cpu?': 'string' } },
  'securityContext?': {
    'allowPrivilegeEscalation?': 'boolean',
    'readOnlyRootFilesystem?': 'boolean',
    'capabilities?': { drop: ['string'] },
  },
  'volumeMounts?': [{ name, mountPath: 'string', 'readOnly?': 'boolean' }],
};

/** The schemas by `apiVersion kind`. */
export const SCHEMAS: Record<string, Schema> = {
  'apps/v1 Deployment': {
    apiVersion: 'string',
    kind: 'string',
    metadata,
    spec: {
      replicas: 'integer',
      selector,
      'strategy?': { type: 'string', 'rollingUpdate?': { maxUnavailable: 'int-or-string', maxSurge: 'int-or-string' } },
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: 'integer',
          'securityContext?': {
            'runAsNonRoot?': 'boolean',
            'runAsUser?': 'integer',
            'runAsGroup?': 'integer',
            'fsGroup?': 'integer',
            'seccompProfile?': { type: 'string' },
          },
          containers: [container],
          'volumes?': [{ name, 'emptyDir?': 'empty' }],
        },
      },
    },
  },
  'v1 Service': {
    apiVersion: 'string',
    kind: 'string',
    metadata,
    spec: {
      'type?': 'string',
      selector: labels,
      ports: [{ name, port: 'integer', targetPort: 'int-or-string', 'protocol?': 'string' }],
    },
  },
  'v1 ConfigMap': { apiVersion: 'string', kind: 'string', metadata, data: 'string-map' },
  'v1 Secret': { apiVersion: 'string', kind: 'string', metadata, 'type?': 'string', stringData: 'string-map' },
  'monitoring.coreos.com/v1 ServiceMonitor': {
    apiVersion: 'string',
    kind: 'string',
    metadata,
    spec: { selector, endpoints: [{ port: 'string', path: 'string', 'interval?': 'string' }] },
  },
  'kustomize.config.k8s.io/v1beta1 Kustomization': { apiVersion: 'string', kind: 'string', resources: ['string'] },
};

/** Every violation of `schema` by `value`, as `path: problem`. */
export function violations(value: unknown, schema: Schema, path = ''): string[] {
  if (Array.isArray(schema)) {
    if (!Array.isArray(value)) return [`${path}: not a list`];
    return value.flatMap((item, index) => violations(item, schema[0], `${path}[${index}]`));
  }
  if (typeof schema === 'string') return scalarViolation(value, schema) ? [`${path}: not ${schema}`] : [];
  if (!isObject(value)) return [`${path}: not an object`];
  const fields = new Map(Object.entries(schema).map(([field, sub]) => [field.replace(/\?$/, ''), sub]));
  const unknown = Object.keys(value).filter((field) => !fields.has(field));
  const missing = Object.keys(schema).filter((field) => !field.endsWith('?') && !(field in value));
  return [
    ...unknown.map((field) => `${path}.${field}: unknown field`),
    ...missing.map((field) => `${path}.${field}: required`),
    ...Object.keys(value)
      .filter((field) => fields.has(field))
      .flatMap((field) => violations(value[field], fields.get(field) as Schema, `${path}.${field}`)),
  ];
}

function scalarViolation(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return !Number.isInteger(value);
    case 'int-or-string':
      return !Number.isInteger(value) && typeof value !== 'string';
    case 'string-map':
      return !isObject(value) || Object.values(value).some((item) => typeof item !== 'string');
    case 'empty':
      return !isObject(value) || Object.keys(value).length > 0;
    default:
      return typeof value !== type;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

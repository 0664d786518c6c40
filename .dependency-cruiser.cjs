/**
 * The direction of dependencies (the style guide: front ends → answer-cache → layers → infrastructure;
 * config/ and common/ depend on nothing of ours). Run: npx depcruise src --config .dependency-cruiser.cjs
 */
const FRONT_ENDS = '^src/(ask|proxy|cache-admin|health)/';
const LAYERS_AND_INFRASTRUCTURE =
  '^src/(prompt-cache|embed-cache|vector-index|embedding|cache-store|redis|llm|metrics|pricing|resilience|shutdown)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle means two modules are one; needing forwardRef means a boundary is wrong.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'config-and-common-are-leaves',
      severity: 'error',
      comment: 'config/ and common/ depend on nothing of ours, so every module can use them.',
      from: { path: '^src/(config|common)/' },
      to: { path: '^src/', pathNot: '^src/$1/' },
    },
    {
      name: 'only-metrics-imports-prom-client',
      severity: 'error',
      comment: 'The rest call intent-level methods of metrics/, such as recordLookup(layer, result).',
      from: { pathNot: '^src/metrics/' },
      to: { path: 'node_modules/(prom-client|@willsoto/nestjs-prometheus)/' },
    },
    {
      name: 'front-ends-are-imported-only-by-the-app',
      severity: 'error',
      comment:
        'Front ends only translate HTTP: only app.module/app.factory wire them in; one front end never ' +
        'imports another (what two share belongs lower down). A front end may import its own files.',
      from: { path: '^src/([^/]+)', pathNot: '^src/app\\.(module|factory)\\.ts$' },
      to: { path: FRONT_ENDS, pathNot: '^src/$1/' },
    },
    {
      name: 'layers-do-not-import-the-use-case',
      severity: 'error',
      comment: 'Layers and infrastructure sit below answer-cache and the front ends.',
      from: { path: LAYERS_AND_INFRASTRUCTURE },
      to: { path: ['^src/answer-cache/', FRONT_ENDS] },
    },
    {
      name: 'answer-cache-does-not-import-front-ends',
      severity: 'error',
      comment: 'The use case knows nothing of HTTP front ends.',
      from: { path: '^src/answer-cache/' },
      to: { path: FRONT_ENDS },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};

/** Unit specs sit beside the code; contract and e2e specs live in test/ and use the private Redis. */
const tsJest = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  // @fastify/static (the /docs UI) requires content-disposition 3, ESM only: Node 20.19+ loads it
  // with require(), jest does not, so it is compiled to CommonJS here.
  '/node_modules/content-disposition/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true }, diagnostics: false }],
};
const transformIgnorePatterns = ['/node_modules/(?!content-disposition/)'];

module.exports = {
  // Many tests boot the real app (one or two per test, and the first in a file loads the lexical
  // embedder's dictionaries); 5 s, jest's default, failed them on a loaded 2-core machine.
  testTimeout: 20_000,
  // Each test file loads the app's modules afresh, jieba's WebAssembly dictionary included, so one
  // process kept for the whole suite grows for as long as it runs and its collections pause the
  // tests: a worker is replaced once its heap passes 1 GB.
  workerIdleMemoryLimit: '1GB',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: tsJest,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform: tsJest,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/test/contracts/**/*.contract-spec.ts'],
    },
  ],
};

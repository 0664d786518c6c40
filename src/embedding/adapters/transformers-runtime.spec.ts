import { loadTransformersRuntime, TRANSFORMERS_PACKAGE } from './transformers-runtime';

describe(loadTransformersRuntime.name, () => {
  it('rejects with a message naming the package and the install command when it is missing', async () => {
    const missing = '@example/not-installed-embedder-runtime';

    const loading = loadTransformersRuntime(missing);

    await expect(loading).rejects.toThrow(`EMBED_PROVIDER=local needs the optional package ${missing}`);
    await expect(loading).rejects.toThrow(`npm install ${missing}`);
  });

  it('loads the installed package with the pipeline factory the embedder calls', async () => {
    const runtime = await loadTransformersRuntime(TRANSFORMERS_PACKAGE);

    expect(typeof runtime.pipeline).toBe('function');
    expect(runtime.env).toBeDefined();
  });
});

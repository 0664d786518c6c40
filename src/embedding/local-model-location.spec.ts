import { localModelLocation } from './local-model-location';

describe(localModelLocation.name, () => {
  it('reads the directory as it is when downloads are off', () => {
    expect(localModelLocation('/models/all-MiniLM-L6-v2', false)).toEqual({
      modelId: '/models/all-MiniLM-L6-v2',
      root: '/models',
    });
  });

  it('resolves a relative directory against the working directory', () => {
    expect(localModelLocation('models/minilm', false).modelId).toBe(`${process.cwd()}/models/minilm`);
  });

  it('names the Hub repository by the last two path segments when downloads are on', () => {
    expect(localModelLocation('/models/Xenova/all-MiniLM-L6-v2/', true)).toEqual({
      modelId: 'Xenova/all-MiniLM-L6-v2',
      root: '/models',
    });
  });

  it('refuses a directory that cannot name a Hub repository when downloads are on', () => {
    expect(() => localModelLocation('/my models/mini lm', true)).toThrow(
      /must end in the <owner>\/<name> of a Hugging Face Hub repository/,
    );
  });
});

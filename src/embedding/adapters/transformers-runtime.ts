import { isMissingPackage } from '../../common/missing-package';

/** The npm package the `local` embedder runs on: an optional dependency, absent after `npm ci --omit=optional`. */
export const TRANSFORMERS_PACKAGE = '@huggingface/transformers';

/** The part of transformers.js the local embedder uses, typed here so the service compiles without the package. */
export interface FeatureExtractor {
  (texts: string[], options: { pooling: 'mean'; normalize: boolean }): Promise<{ dims: number[]; data: unknown }>;
}

export interface TransformersRuntime {
  env: {
    allowLocalModels: boolean;
    allowRemoteModels: boolean;
    localModelPath: string;
    useFSCache: boolean;
    cacheDir: string;
  };
  pipeline: (
    task: 'feature-extraction',
    model: string,
    options: { dtype: 'fp32'; device: 'cpu' },
  ) => Promise<FeatureExtractor>;
}

/**
 * Loads transformers.js on demand: it brings onnxruntime's native binding and sharp, which the other
 * embedders never need. A missing package becomes an error that names it and how to install it.
 */
export async function loadTransformersRuntime(packageName = TRANSFORMERS_PACKAGE): Promise<TransformersRuntime> {
  try {
    return (await import(packageName)) as TransformersRuntime;
  } catch (error) {
    if (!isMissingPackage(error, packageName)) throw error;
    throw new Error(
      `EMBED_PROVIDER=local needs the optional package ${packageName}, which is not installed ` +
        `(npm ci --omit=optional leaves it out): run npm install ${packageName}, or choose EMBED_PROVIDER=openai or lexical`,
      { cause: error },
    );
  }
}

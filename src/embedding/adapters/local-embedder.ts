import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Embedder } from '../embedder.port';
import { MicroBatcher } from '../micro-batcher';
import { LocalModelLocation, localModelLocation } from '../local-model-location';
import { FeatureExtractor, loadTransformersRuntime } from './transformers-runtime';

export interface LocalEmbedderOptions {
  /**
   * EMBED_MODEL_DIR: a feature-extraction model as Hugging Face exports it for transformers.js:
   * config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx (fp32).
   */
  modelDir: string;
  /** EMBED_ALLOW_DOWNLOAD: fetch missing files from the Hugging Face Hub. Default false: only the directory is read. */
  allowDownload?: boolean;
}

const MODEL_FILE = join('onnx', 'model.onnx');

/**
 * Embeddings computed in-process by an ONNX sentence-embedding model (transformers.js on
 * onnxruntime-node, CPU): mean of the token vectors, L2-normalised, as sentence-transformers do.
 * The model is loaded once, by {@link LocalEmbedder.load}.
 */
export class LocalEmbedder extends Embedder {
  /** Most texts in one inference. A batch is padded to its longest text, so larger batches mostly waste work. */
  static readonly MAX_BATCH = 32;
  /**
   * Not calibrated: no real model could be downloaded where this was written. Set high because a
   * wrong hit costs more than a miss; measure your model and set EMBED_SIM_THRESHOLD.
   */
  readonly defaultThreshold = 0.9;
  private readonly batcher: MicroBatcher<string, Float32Array>;

  private constructor(
    readonly id: string,
    private readonly extract: FeatureExtractor,
  ) {
    super();
    // One inference at a time: onnxruntime already spreads one over every core, and the texts
    // arriving meanwhile join the next batch instead of competing for those cores.
    this.batcher = new MicroBatcher((texts) => this.embedBatch(texts), {
      maxBatchSize: LocalEmbedder.MAX_BATCH,
      maxInFlight: 1,
    });
  }

  /** Loads the model; rejects with a message naming EMBED_MODEL_DIR when it cannot, so boot stops there. */
  static async load({ modelDir, allowDownload = false }: LocalEmbedderOptions): Promise<LocalEmbedder> {
    try {
      const location = localModelLocation(modelDir, allowDownload);
      if (!allowDownload) await assertDirectory(location.modelId);
      const extract = await loadPipeline(location, allowDownload);
      return new LocalEmbedder(await modelIdentity(resolve(modelDir)), extract);
    } catch (error) {
      throw new Error(`EMBED_MODEL_DIR=${modelDir}: cannot load the embedding model: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  embed(text: string): Promise<Float32Array> {
    return this.batcher.submit(text);
  }

  private async embedBatch(texts: string[]): Promise<Float32Array[]> {
    const output = await this.extract(texts, { pooling: 'mean', normalize: true });
    const dimension = output.dims[1];
    const data = output.data as Float32Array;
    // A copy per text: a cached vector must not keep the whole batch's buffer alive.
    return texts.map((_, i) => Float32Array.from(data.subarray(i * dimension, (i + 1) * dimension)));
  }
}

async function assertDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`${dir} is not a directory`);
}

async function loadPipeline(location: LocalModelLocation, allowDownload: boolean): Promise<FeatureExtractor> {
  const { env, pipeline } = await loadTransformersRuntime();
  // transformers.js reads these process-wide settings on every load; one process has one embedder.
  env.allowLocalModels = true;
  env.allowRemoteModels = allowDownload;
  env.localModelPath = location.root;
  env.useFSCache = allowDownload;
  env.cacheDir = location.root;
  return pipeline('feature-extraction', location.modelId, { dtype: 'fp32', device: 'cpu' });
}

/**
 * `local:<directory name>:<first 12 hex digits of the weights' sha256>`. Exports are usually all
 * called model.onnx, and weights re-exported into the same directory are another vector space:
 * hashing them keeps old vectors from being compared with new ones. (Hashed once, at load.)
 */
async function modelIdentity(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(join(dir, MODEL_FILE))) hash.update(chunk as Buffer);
  return `local:${basename(dir)}:${hash.digest('hex').slice(0, 12)}`;
}

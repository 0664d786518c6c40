import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'protobufjs';

/**
 * The part of onnx/onnx.proto3 this generator writes, field numbers as upstream. protobufjs
 * (a devDependency, the same major onnxruntime-web already brings) encodes it; onnx-proto would
 * add a second, older protobufjs for a schema this small.
 */
const ONNX_SUBSET = `
syntax = "proto3";
package onnx;
message OperatorSetIdProto { string domain = 1; int64 version = 2; }
message TensorProto { repeated int64 dims = 1; int32 data_type = 2; string name = 8; bytes raw_data = 9; }
message TensorShapeProto {
  message Dimension { oneof value { int64 dim_value = 1; string dim_param = 2; } }
  repeated Dimension dim = 1;
}
message TypeProto {
  message Tensor { int32 elem_type = 1; TensorShapeProto shape = 2; }
  oneof value { Tensor tensor_type = 1; }
}
message ValueInfoProto { string name = 1; TypeProto type = 2; }
message NodeProto { repeated string input = 1; repeated string output = 2; string name = 3; string op_type = 4; }
message GraphProto {
  repeated NodeProto node = 1; string name = 2; repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11; repeated ValueInfoProto output = 12;
}
message ModelProto {
  int64 ir_version = 1; string producer_name = 2; GraphProto graph = 7; repeated OperatorSetIdProto opset_import = 8;
}`;
const ModelProto = parse(ONNX_SUBSET, { keepCase: true }).root.lookupType('onnx.ModelProto');
const FLOAT = 1;
const INT64 = 7;

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
/** Whole words of the test sentences, Chinese characters, then letters and digits so any other word still gets pieces. */
const DEFAULT_WORDS = [
  ...'what is a the cache caching redis explain how do i bake bread weather fine today ? . , ! ？'.split(' '),
  ...'什麼是快取請解釋天氣如何今',
  ...'abcdefghijklmnopqrstuvwxyz0123456789'.split('').flatMap((c) => [c, `##${c}`]),
];

export interface TinyModelOptions {
  /** Length of every vector. Default 32. */
  hiddenSize?: number;
  /** Seed of the embedding weights; another seed is another model. Default 1. */
  seed?: number;
}

export interface TinyModel {
  dir: string;
  hiddenSize: number;
  remove(): Promise<void>;
}

/** mulberry32: a deterministic PRNG, so a seed always gives the same weights. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tensorType = (elemType: number, ...dims: (number | string)[]) => ({
  tensor_type: {
    elem_type: elemType,
    shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
  },
});

/** A one-node graph: last_hidden_state = Gather(embeddings, input_ids), i.e. one random vector per token. */
function onnxModel(vocabSize: number, hiddenSize: number, seed: number): Uint8Array {
  const next = random(seed);
  const weights = new DataView(new ArrayBuffer(vocabSize * hiddenSize * 4));
  for (let i = 0; i < vocabSize * hiddenSize; i++) weights.setFloat32(i * 4, next() * 2 - 1, true);
  const model = ModelProto.fromObject({
    ir_version: 7,
    producer_name: 'llm-cache-service tests',
    opset_import: [{ domain: '', version: 13 }],
    graph: {
      name: 'tiny-embedding',
      node: [{ name: 'lookup', op_type: 'Gather', input: ['embeddings', 'input_ids'], output: ['last_hidden_state'] }],
      initializer: [
        {
          name: 'embeddings',
          data_type: FLOAT,
          dims: [vocabSize, hiddenSize],
          raw_data: new Uint8Array(weights.buffer),
        },
      ],
      input: [{ name: 'input_ids', type: tensorType(INT64, 'batch_size', 'sequence_length') }],
      output: [{ name: 'last_hidden_state', type: tensorType(FLOAT, 'batch_size', 'sequence_length', hiddenSize) }],
    },
  });
  return ModelProto.encode(model).finish();
}

/** A BERT-style WordPiece tokenizer: lower-cases, splits punctuation and Chinese characters, adds [CLS] and [SEP]. */
function tokenizerFiles(vocabulary: string[]): { tokenizer: object; config: object } {
  const vocab = Object.fromEntries(vocabulary.map((token, id) => [token, id]));
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: { type: 'BertProcessing', sep: ['[SEP]', vocab['[SEP]']], cls: ['[CLS]', vocab['[CLS]']] },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab,
    },
  };
  const config = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: 64,
    clean_up_tokenization_spaces: true,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  };
  return { tokenizer, config };
}

/**
 * Writes a tiny BERT-shaped feature-extraction model into `dir`, laid out as Hugging Face exports
 * are (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx), so the real
 * transformers.js loading path runs offline. Mean pooling it gives a bag of token vectors:
 * word order does not matter, shared words raise similarity.
 */
export async function writeTinyModel(dir: string, { hiddenSize = 32, seed = 1 }: TinyModelOptions = {}): Promise<void> {
  const vocabulary = [...SPECIAL_TOKENS, ...new Set(DEFAULT_WORDS)];
  const { tokenizer, config } = tokenizerFiles(vocabulary);
  await mkdir(join(dir, 'onnx'), { recursive: true });
  const modelConfig = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: hiddenSize,
    vocab_size: vocabulary.length,
    pad_token_id: 0,
  };
  await writeFile(join(dir, 'config.json'), JSON.stringify(modelConfig, null, 2));
  await writeFile(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify(config, null, 2));
  await writeFile(join(dir, 'onnx', 'model.onnx'), onnxModel(vocabulary.length, hiddenSize, seed));
}

/** {@link writeTinyModel} into a fresh temporary directory named `name`; `remove()` deletes it. */
export async function createTinyModel(name = 'tiny-bert', options: TinyModelOptions = {}): Promise<TinyModel> {
  const root = await mkdtemp(join(tmpdir(), 'tiny-model-'));
  const dir = join(root, name);
  await writeTinyModel(dir, options);
  return { dir, hiddenSize: options.hiddenSize ?? 32, remove: () => rm(root, { recursive: true, force: true }) };
}

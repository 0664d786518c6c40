import { TestEnvironment } from 'jest-environment-node';

/**
 * Jest's node environment, with the typed-array constructors of Node's own realm. For suites that
 * run an ONNX model (docblock `@jest-environment ./test/support/onnx-test-environment.ts`):
 * onnxruntime-node's native binding creates its output arrays in Node's realm, and
 * onnxruntime-common, loaded in the test's realm, checks them with `instanceof`, which fails across
 * realms ("A float32 tensor's data must be type of function Float32Array()", jestjs/jest#2549).
 * Jest itself shares Buffer, ArrayBuffer and Uint8Array this way.
 */
export default class OnnxTestEnvironment extends TestEnvironment {
  constructor(...args: ConstructorParameters<typeof TestEnvironment>) {
    super(...args);
    const shared = [
      Int8Array,
      Uint8ClampedArray,
      Int16Array,
      Uint16Array,
      Int32Array,
      Uint32Array,
      Float32Array,
      Float64Array,
      BigInt64Array,
      BigUint64Array,
    ];
    for (const constructor of shared) this.global[constructor.name] = constructor;
  }
}

/**
 * The tensor encoding of exported files (SPEC §7): {"shape":[…], "dtype":"float32", "data":"<base64 of
 * little-endian float32, row-major>"}.
 */
import { fromByteArray, toByteArray } from 'base64-js';
import { z } from './zod';

export interface EncodedTensor {
  shape: number[];
  dtype: 'float32';
  data: string;
}

export const encodedTensorSchema = z.strictObject({
  shape: z.array(z.number().int().nonnegative()).max(8),
  dtype: z.literal('float32'),
  data: z.string(),
});

export function encodeTensor(values: Float32Array, shape: number[]): EncodedTensor {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== values.length)
    throw new Error(`encodeTensor: shape [${shape}] needs ${size} values, got ${values.length}.`);
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
  return { shape: [...shape], dtype: 'float32', data: fromByteArray(bytes) };
}

/** Decodes a tensor, checking that its data matches its shape (and the expected shape when given). */
export function decodeTensor(t: EncodedTensor, name: string, expectedShape?: number[]): Float32Array {
  if (
    expectedShape &&
    (expectedShape.length !== t.shape.length || expectedShape.some((s, i) => s !== t.shape[i]))
  ) {
    throw new Error(`${name}: shape [${t.shape}] does not match the expected [${expectedShape}].`);
  }
  // base64-js maps characters outside the alphabet to zero bits instead of failing: check first.
  if (t.data.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t.data)) {
    throw new Error(`${name}: data is not valid base64.`);
  }
  let bytes: Uint8Array;
  try {
    bytes = toByteArray(t.data);
  } catch {
    throw new Error(`${name}: data is not valid base64.`);
  }
  const size = t.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== size * 4) {
    throw new Error(`${name}: data holds ${bytes.length} bytes but shape [${t.shape}] needs ${size * 4}.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

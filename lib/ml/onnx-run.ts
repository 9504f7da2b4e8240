// Feeding rows to an ONNX session and reading its outputs, written once for
// both runtimes: onnxruntime-web (what the app serves with) and
// onnxruntime-node (a dev dependency, for parity tests and benchmarks). Each
// runtime must build its own tensors, so the module is passed in.
import type * as OrtWeb from 'onnxruntime-web';
import { ONNX_CATEGORIES_INPUT, ONNX_INPUT_NAME } from '@/lib/ml/onnx-io-names';

export type OrtModule = Pick<typeof OrtWeb, 'Tensor' | 'InferenceSession'>;
export type OrtSession = OrtWeb.InferenceSession;

export interface ModelInputs {
  /** Raw numeric features per row, NaN for missing. */
  numeric: readonly (readonly number[])[];
  /** Raw categories per row (models with categorical inputs only); null for missing. */
  categorical?: readonly (readonly (string | null)[])[];
}

export interface OutputTensor {
  data: Float32Array;
  dims: readonly number[];
}

function flatten<T>(rows: readonly (readonly T[])[], what: string): { data: T[]; width: number } {
  const width = rows[0]?.length ?? 0;
  const data: T[] = [];
  rows.forEach((row, r) => {
    if (row.length !== width) throw new Error(`Row ${r} has ${row.length} ${what}, expected ${width}`);
    for (const value of row) data.push(value);
  });
  return { data, width };
}

/** Runs the session on a batch and copies the named float outputs out of the runtime. */
export async function runOnnxOutputs(
  ort: OrtModule,
  session: OrtSession,
  inputs: ModelInputs,
  outputNames: readonly string[],
): Promise<Record<string, OutputTensor>> {
  const n = inputs.numeric.length;
  const feeds: Record<string, OrtWeb.Tensor> = {};
  if (session.inputNames.includes(ONNX_INPUT_NAME)) {
    const { data, width } = flatten(inputs.numeric, 'features');
    feeds[ONNX_INPUT_NAME] = new ort.Tensor('float32', Float32Array.from(data), [n, width]);
  }
  if (session.inputNames.includes(ONNX_CATEGORIES_INPUT)) {
    if (!inputs.categorical || inputs.categorical.length !== n) throw new Error('This model takes one row of categories per row of features');
    const { data, width } = flatten(inputs.categorical, 'categories');
    feeds[ONNX_CATEGORIES_INPUT] = new ort.Tensor(
      'string',
      data.map((v) => v ?? ''),
      [n, width],
    );
  }
  const outputs = await session.run(feeds, [...outputNames]);
  try {
    const result: Record<string, OutputTensor> = {};
    for (const name of outputNames) {
      const tensor = outputs[name];
      if (!(tensor?.data instanceof Float32Array) || tensor.dims[0] !== n) throw new Error(`Output '${name}' is not a float tensor with one row per input row`);
      // Copied: the tensor's memory belongs to the runtime and is released below.
      result[name] = { data: Float32Array.from(tensor.data), dims: [...tensor.dims] };
    }
    return result;
  } finally {
    for (const tensor of Object.values(feeds)) tensor.dispose();
    for (const tensor of Object.values(outputs)) tensor.dispose();
  }
}

/** One float per row (a [N, 1] output such as a probability or a forecast). */
export async function runOnnxColumn(ort: OrtModule, session: OrtSession, inputs: ModelInputs, outputName: string): Promise<number[]> {
  if (inputs.numeric.length === 0) return [];
  const { [outputName]: out } = await runOnnxOutputs(ort, session, inputs, [outputName]);
  if (out.data.length !== inputs.numeric.length) throw new Error(`Output '${outputName}' is not one float per row`);
  return Array.from(out.data);
}

/** One vector per row (a [N, K] output such as class probabilities). */
export async function runOnnxMatrix(ort: OrtModule, session: OrtSession, inputs: ModelInputs, outputName: string): Promise<number[][]> {
  if (inputs.numeric.length === 0) return [];
  const { [outputName]: out } = await runOnnxOutputs(ort, session, inputs, [outputName]);
  const width = out.dims[1] ?? 1;
  return Array.from({ length: inputs.numeric.length }, (_, r) => Array.from(out.data.subarray(r * width, (r + 1) * width)));
}

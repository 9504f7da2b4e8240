// Runs exported models with onnxruntime-web, the WebAssembly build, so that the
// same runtime serves route handlers, scripts and tests without a native addon.
// Not 'server-only': scripts/train.ts and the tests load it outside Next.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-web';
import { ONNX_INPUT_NAME, ONNX_PROBABILITY_OUTPUT } from '@/lib/ml/onnx-io-names';
import { runOnnxColumn, runOnnxMatrix, runOnnxOutputs, type ModelInputs, type OutputTensor } from '@/lib/ml/onnx-run';
import { sha256Hex } from '@/lib/ml/sha256';

// One thread: no worker threads on the server, and tree ensembles at small
// batch sizes gain nothing from more.
ort.env.wasm.numThreads = 1;

export type OnnxSession = ort.InferenceSession;

export interface LoadOnnxOptions {
  /** When given, the bytes read must hash to it, or loading fails (and nothing is cached). */
  sha256?: string;
}

const sessions = new Map<string, Promise<OnnxSession>>();

async function createSession(filePath: string, options: LoadOnnxOptions): Promise<OnnxSession> {
  // Read by Node and handed over as bytes: the web build would otherwise try to fetch the path.
  const bytes = await readFile(filePath);
  if (options.sha256 !== undefined) {
    // Hash the very bytes the session is built from, so a file swapped in between cannot slip through.
    const actual = sha256Hex(bytes);
    if (actual !== options.sha256) {
      throw new Error(`${filePath}: sha256 is ${actual}, expected ${options.sha256}; the file does not match its model card`);
    }
  }
  return ort.InferenceSession.create(bytes);
}

/**
 * Loads an ONNX file once per absolute path; later calls share the session (and
 * their options are not looked at again: the first load decides).
 */
export function loadOnnxSession(filePath: string, options: LoadOnnxOptions = {}): Promise<OnnxSession> {
  const key = path.resolve(filePath);
  let session = sessions.get(key);
  if (!session) {
    session = createSession(key, options);
    // A failed load must not stay cached, or a fixed file would never be picked up.
    session.catch(() => {
      if (sessions.get(key) === session) sessions.delete(key);
    });
    sessions.set(key, session);
  }
  return session;
}

/** Drops a cached session, e.g. before its file is rewritten. */
export async function releaseOnnxSession(filePath: string): Promise<void> {
  const key = path.resolve(filePath);
  const session = sessions.get(key);
  if (!session) return;
  sessions.delete(key);
  const loaded = await session.catch(() => null);
  await loaded?.release();
}

/** Probability of the positive class for each row; rows are feature vectors in the model's order. */
export async function runProbability(session: OnnxSession, rows: readonly (readonly number[])[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const width = rows[0].length;
  const data = new Float32Array(rows.length * width);
  rows.forEach((row, r) => {
    if (row.length !== width) throw new Error(`Row ${r} has ${row.length} features, expected ${width}`);
    data.set(row, r * width);
  });

  const input = new ort.Tensor('float32', data, [rows.length, width]);
  const outputs = await session.run({ [ONNX_INPUT_NAME]: input }, [ONNX_PROBABILITY_OUTPUT]);
  const probability = outputs[ONNX_PROBABILITY_OUTPUT];
  try {
    if (!(probability.data instanceof Float32Array) || probability.data.length !== rows.length) {
      throw new Error(`Output '${ONNX_PROBABILITY_OUTPUT}' is not one float per row`);
    }
    return Array.from(probability.data);
  } finally {
    input.dispose();
    probability.dispose();
  }
}

/** Any model's named outputs for a batch of raw inputs (numeric, and categories when the model takes them). */
export function runModelOutputs(session: OnnxSession, inputs: ModelInputs, outputNames: readonly string[]): Promise<Record<string, OutputTensor>> {
  return runOnnxOutputs(ort, session, inputs, outputNames);
}

/** One float per row from a [N, 1] output. */
export function runModelColumn(session: OnnxSession, inputs: ModelInputs, outputName: string): Promise<number[]> {
  return runOnnxColumn(ort, session, inputs, outputName);
}

/** One vector per row from a [N, K] output. */
export function runModelMatrix(session: OnnxSession, inputs: ModelInputs, outputName: string): Promise<number[][]> {
  return runOnnxMatrix(ort, session, inputs, outputName);
}

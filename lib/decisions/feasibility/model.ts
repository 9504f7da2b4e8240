// The current feasibility model, as the API uses it: follows the pointer file,
// checks the .onnx against its card once, then keeps the session.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@/lib/errors';
import { getEnv } from '@/lib/env';
import { FEATURE_NAMES, toFeatureVector, type FeasibilityFeatureInput } from '@/lib/decisions/feasibility/features';
import { FEASIBILITY_ENGINE } from '@/lib/decisions/feasibility/engine';
import { modelFileNames, modelCardSchema, modelId, modelPointerSchema, pointerFileName } from '@/lib/ml/model-card';
import { loadOnnxSession, runProbability, type OnnxSession } from '@/lib/ml/onnx-runtime';

export interface FeasibilityModel {
  /** e.g. 'feasibility@1', recorded with every recommendation the model informs. */
  version: string;
  /** Probability that each order finishes by its due date, in input order. */
  predict(inputs: readonly FeasibilityFeatureInput[]): Promise<number[]>;
}

// Keyed by the .onnx path the pointer names, so pointing at a new version takes
// effect on the next call while each version is verified and loaded only once.
const models = new Map<string, Promise<FeasibilityModel>>();

async function readJson(filePath: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    throw new AppError('UNAVAILABLE', `No ${what} at ${filePath}. Train one with \`npm run train -- feasibility\`.`, {
      cause: error,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError('INTERNAL', `${filePath} is not valid JSON`, { cause: error });
  }
}

async function loadModel(modelsDir: string, version: number, onnxPath: string): Promise<FeasibilityModel> {
  const cardPath = path.join(modelsDir, modelFileNames(FEASIBILITY_ENGINE, version).card);
  const parsed = modelCardSchema.safeParse(await readJson(cardPath, 'feasibility model card'));
  if (!parsed.success) {
    throw new AppError('INTERNAL', `${cardPath} is not a valid model card: ${parsed.error.issues[0]?.message}`);
  }
  const card = parsed.data;
  if (card.engine !== FEASIBILITY_ENGINE || card.version !== version) {
    throw new AppError('INTERNAL', `${cardPath} describes ${card.id}, expected ${modelId(FEASIBILITY_ENGINE, version)}`);
  }
  // The model reads features by position: a card with other features means the model predates the contract.
  const cardFeatures = card.features.map((f) => f.name).join(',');
  if (cardFeatures !== FEATURE_NAMES.join(',')) {
    throw new AppError('INTERNAL', `${card.id} was trained on features [${cardFeatures}], the code builds [${FEATURE_NAMES.join(',')}]`);
  }

  let session: OnnxSession;
  try {
    session = await loadOnnxSession(onnxPath, { sha256: card.sha256 });
  } catch (error) {
    throw new AppError('INTERNAL', `Cannot load ${card.id}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }

  return {
    version: card.id,
    predict: (inputs) => runProbability(session, inputs.map(toFeatureVector)),
  };
}

/**
 * The model named by `<modelsDir>/feasibility.current.json`. Throws an
 * AppError UNAVAILABLE when no model has been trained, INTERNAL when the files
 * are inconsistent (e.g. the .onnx does not hash to its card's sha256).
 */
export async function getFeasibilityModel(
  modelsDir: string = path.resolve(getEnv().MODELS_DIR),
): Promise<FeasibilityModel> {
  const dir = path.resolve(modelsDir);
  const pointerPath = path.join(dir, pointerFileName(FEASIBILITY_ENGINE));
  const pointer = modelPointerSchema.safeParse(await readJson(pointerPath, 'current feasibility model pointer'));
  if (!pointer.success) {
    throw new AppError('INTERNAL', `${pointerPath} is not a valid pointer: ${pointer.error.issues[0]?.message}`);
  }
  const { version, file } = pointer.data;
  const onnxPath = path.join(dir, file);

  let model = models.get(onnxPath);
  if (!model) {
    model = loadModel(dir, version, onnxPath);
    // Do not remember a failure: the next call retries once the files are fixed.
    model.catch(() => {
      if (models.get(onnxPath) === model) models.delete(onnxPath);
    });
    models.set(onnxPath, model);
  }
  return model;
}

// The current feasibility model, as the API uses it: follows the pointer file,
// checks the .onnx against its card once, loads the trees next to it for
// explanations (and checks they give the ONNX graph's numbers), then keeps both.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@/lib/errors';
import { getEnv } from '@/lib/env';
import { FEATURE_NAMES, toFeatureVector, type FeasibilityFeatureInput } from '@/lib/decisions/feasibility/features';
import { FEASIBILITY_ENGINE } from '@/lib/decisions/feasibility/engine';
import { explain, topContributions, type FeatureContribution } from '@/lib/ml/explain';
import { predictProba, type GbtModel } from '@/lib/ml/gbt';
import { modelFileNames, modelCardSchema, modelId, modelPointerSchema, pointerFileName } from '@/lib/ml/model-card';
import { loadOnnxSession, runProbability, type OnnxSession } from '@/lib/ml/onnx-runtime';

export interface FeasibilityModel {
  /** e.g. 'feasibility@1', recorded with every recommendation the model informs. */
  version: string;
  /** Probability that each order finishes by its due date, in input order. */
  predict(inputs: readonly FeasibilityFeatureInput[]): Promise<number[]>;
  /**
   * The features that moved this order's on-time probability most, largest
   * first: contributions in log-odds (path contributions over the trees), the
   * base plus all of them being the model's logit.
   */
  explain(input: FeasibilityFeatureInput, top?: number): FeatureContribution[];
}

/** Beyond this the trees do not describe the graph being served, and explanations would be of another model. */
const TREES_PARITY_TOLERANCE = 1e-5;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

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
  const trees = await loadTrees(path.join(modelsDir, card.files.trees), card.id, session);

  return {
    version: card.id,
    predict: (inputs) => runProbability(session, inputs.map(toFeatureVector)),
    explain: (input, top = 5) => {
      const row = toFeatureVector(input);
      return topContributions(trees.featureNames, explain(trees, row), row, top).map((c) => ({
        feature: c.feature,
        value: c.value === null ? null : round(c.value, 3),
        contribution: round(c.contribution, 4),
      }));
    },
  };
}

/**
 * Rows that sit on, just below and just above the split thresholds of the
 * first trees, where a trees file that is not the graph's would show.
 */
function probeRows(model: GbtModel): number[][] {
  const base = model.featureNames.map(() => 0);
  const rows: number[][] = [base];
  for (const tree of model.trees.slice(0, 6)) {
    for (const node of tree.nodes) {
      if (node.type !== 'split') continue;
      for (const value of [node.threshold, node.threshold * (1 - 1e-6) - 1e-6]) {
        const row = [...base];
        row[node.feature] = value;
        rows.push(row);
      }
    }
  }
  return rows;
}

async function loadTrees(treesPath: string, id: string, session: OnnxSession): Promise<GbtModel> {
  const parsed = (await readJson(treesPath, `${id} trees file`)) as Partial<GbtModel>;
  if (parsed.format !== 'interlock-gbt@1' || !Array.isArray(parsed.trees) || parsed.featureNames?.join(',') !== FEATURE_NAMES.join(',')) {
    throw new AppError('INTERNAL', `${treesPath} is not the binary tree model of ${id}`);
  }
  const trees = parsed as GbtModel;
  const rows = probeRows(trees);
  const onnx = await runProbability(session, rows);
  rows.forEach((row, i) => {
    const expected = predictProba(trees, row);
    if (!(Math.abs(onnx[i] - expected) <= TREES_PARITY_TOLERANCE * expected)) {
      throw new AppError('INTERNAL', `${treesPath} does not give the predictions of the ${id} ONNX file; it belongs to another model`);
    }
  });
  return trees;
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

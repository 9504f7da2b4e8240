// The feasibility model the API serves: the registry's ACTIVE version (the
// pointer file when the registry has none), or any version by its card for
// shadow scoring. Each version's .onnx is checked against its card once, the
// trees next to it are loaded for explanations (and checked to give the ONNX
// graph's numbers), then both are kept.
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
import { getServingVersions, type ServingVersions } from '@/lib/models/get-serving-versions';

export interface FeasibilityModel {
  /** e.g. 'feasibility@1', recorded with every recommendation the model informs. */
  version: string;
  /** The sha256 of the .onnx, as its card states and as the bytes loaded were checked against. */
  sha256: string;
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

// Keyed by the .onnx path (the pointer's file, or <engine>@<n>.onnx for a version
// asked for by number), so serving a new version takes effect on the next call
// while each version is verified and loaded only once.
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

async function loadModel(modelsDir: string, version: number, onnxFile: string | null): Promise<FeasibilityModel> {
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

  const onnxPath = path.join(modelsDir, onnxFile ?? card.files.onnx);
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
    sha256: card.sha256,
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

function cachedModel(key: string, load: () => Promise<FeasibilityModel>): Promise<FeasibilityModel> {
  let model = models.get(key);
  if (!model) {
    const loading = load();
    // Do not remember a failure: the next call retries once the files are fixed.
    loading.catch(() => {
      if (models.get(key) === loading) models.delete(key);
    });
    models.set(key, loading);
    model = loading;
  }
  return model;
}

const configuredModelsDir = () => path.resolve(getEnv().MODELS_DIR);

/** The model named by `<modelsDir>/feasibility.current.json`. */
async function getPointerModel(modelsDir: string): Promise<FeasibilityModel> {
  const dir = path.resolve(modelsDir);
  const pointerPath = path.join(dir, pointerFileName(FEASIBILITY_ENGINE));
  const pointer = modelPointerSchema.safeParse(await readJson(pointerPath, 'current feasibility model pointer'));
  if (!pointer.success) {
    throw new AppError('INTERNAL', `${pointerPath} is not a valid pointer: ${pointer.error.issues[0]?.message}`);
  }
  const { version, file } = pointer.data;
  return cachedModel(path.join(dir, file), () => loadModel(dir, version, file));
}

/**
 * One version, by its card `<modelsDir>/feasibility@<version>.card.json` (the
 * .onnx its card names, checked against the card's sha256, and its trees).
 * Throws an AppError UNAVAILABLE when the card is missing, INTERNAL when the
 * files are inconsistent.
 */
export function getFeasibilityModelVersion(version: number, modelsDir: string = configuredModelsDir()): Promise<FeasibilityModel> {
  const dir = path.resolve(modelsDir);
  return cachedModel(path.join(dir, modelFileNames(FEASIBILITY_ENGINE, version).onnx), () => loadModel(dir, version, null));
}

/** The model a serving selection names: its ACTIVE version, else the pointer file's. */
export function getServedFeasibilityModel(serving: Pick<ServingVersions, 'active'>, modelsDir: string = configuredModelsDir()): Promise<FeasibilityModel> {
  return serving.active !== null ? getFeasibilityModelVersion(serving.active, modelsDir) : getPointerModel(modelsDir);
}

/**
 * The model the API serves. Without a folder: the registry's ACTIVE version
 * in the configured models folder, or, when the registry has none (a fresh
 * database), the version `feasibility.current.json` names. With a folder (a
 * trainer's output, a benchmark, a test's copy), which no registry describes:
 * that folder's pointer. Throws an AppError UNAVAILABLE when no model has been
 * trained, INTERNAL when the files are inconsistent (e.g. the .onnx does not
 * hash to its card's sha256).
 */
export async function getFeasibilityModel(modelsDir?: string): Promise<FeasibilityModel> {
  if (modelsDir !== undefined) return getPointerModel(modelsDir);
  return getServedFeasibilityModel(await getServingVersions(FEASIBILITY_ENGINE));
}

// The model card written next to every .onnx file, and the pointer that says
// which version is current. Both are read back at load time, so they have a
// zod schema: a hand-edited or truncated card fails with a clear message.
//
// Cards written before multi-class, regression and drift profiles existed
// (feasibility@1) still parse: the newer fields are optional, and binary
// metrics without a `kind` are binary metrics.
import { z } from 'zod';
import { trainingProfileSchema } from '@/lib/ml/drift';
import { inputSpecSchema } from '@/lib/ml/input-spec';

const calibrationBinSchema = z.object({
  lower: z.number(),
  upper: z.number(),
  count: z.number().int(),
  meanPredicted: z.number().nullable(),
  observedRate: z.number().nullable(),
});

export const binaryMetricsSchema = z.object({
  kind: z.literal('binary').optional(),
  rows: z.number().int(),
  positiveRate: z.number(),
  meanPredicted: z.number(),
  auc: z.number().nullable(),
  logLoss: z.number(),
  brier: z.number(),
  accuracy: z.number(),
  calibration: z.array(calibrationBinSchema),
});

export const multiclassMetricsSchema = z.object({
  kind: z.literal('multiclass'),
  rows: z.number().int(),
  accuracy: z.number(),
  macroF1: z.number(),
  logLoss: z.number(),
  perClass: z.array(
    z.object({
      class: z.string(),
      support: z.number().int(),
      precision: z.number().nullable(),
      recall: z.number().nullable(),
      f1: z.number().nullable(),
    }),
  ),
  confusion: z.array(z.array(z.number().int())),
});

export const regressionMetricsSchema = z.object({
  kind: z.literal('regression'),
  rows: z.number().int(),
  mae: z.number(),
  rmse: z.number(),
  meanTarget: z.number(),
  naiveMae: z.number().nullable(),
  maeRatio: z.number().nullable(),
});

export const modelMetricsSchema = z.union([multiclassMetricsSchema, regressionMetricsSchema, binaryMetricsSchema]);

export type BinaryCardMetrics = z.infer<typeof binaryMetricsSchema>;
export type ModelMetrics = z.infer<typeof modelMetricsSchema>;

export const MODEL_KINDS = ['binary', 'multiclass', 'regression'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** Which kind of metrics these are; binary cards written before `kind` existed have none. */
export function metricsKind(metrics: ModelMetrics): ModelKind {
  return metrics.kind ?? 'binary';
}

const windowSchema = z.object({
  fromDay: z.number().int(),
  toDay: z.number().int(),
  from: z.string(),
  to: z.string(),
  rows: z.number().int(),
});

export const cardFeatureSchema = z.object({ name: z.string(), type: z.string(), kind: z.string(), description: z.string() });

export const modelCardSchema = z.object({
  engine: z.string(),
  version: z.number().int().positive(),
  id: z.string(),
  /** binary (absent on older cards), multiclass or regression. */
  kind: z.enum(MODEL_KINDS).optional(),
  createdAt: z.string(),
  seed: z.number().int(),
  /** trees: the model as JSON next to the .onnx (for explanations and the TypeScript twin). */
  files: z.object({ onnx: z.string(), trees: z.string() }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  onnx: z.object({
    bytes: z.number().int(),
    irVersion: z.number().int(),
    opsets: z.record(z.string(), z.number().int()),
    input: z.object({ name: z.string(), shape: z.array(z.union([z.string(), z.number()])) }),
    outputs: z.array(z.string()),
    /** Every graph input, when the model takes categories as strings as well as numbers. */
    inputs: z
      .array(z.object({ name: z.string(), type: z.enum(['float32', 'string']), shape: z.array(z.union([z.string(), z.number()])) }))
      .optional(),
  }),
  /** Raw inputs and their encoding, when the graph encodes categories itself. */
  inputSpec: inputSpecSchema.optional(),
  features: z.array(cardFeatureSchema),
  data: z.object({
    source: z.string(),
    days: z.number().int(),
    rows: z.object({ train: z.number().int(), heldOut: z.number().int() }),
    training: windowSchema,
    heldOut: windowSchema,
  }),
  algorithm: z.string(),
  hyperparameters: z.record(z.string(), z.number()),
  trainingMs: z.number(),
  metrics: z.object({ heldOut: modelMetricsSchema, train: modelMetricsSchema }),
  featureImportance: z.array(
    z.object({ feature: z.string(), gain: z.number(), gainShare: z.number(), splits: z.number().int() }),
  ),
  parity: z.object({ rows: z.number().int(), maxRelativeError: z.number() }),
  /** Binned training distributions for drift; cards from before drift monitoring have none. */
  trainingProfile: trainingProfileSchema.optional(),
});

export type ModelCard = z.infer<typeof modelCardSchema>;

export const modelPointerSchema = z.object({
  version: z.number().int().positive(),
  file: z.string().regex(/^[\w.@-]+\.onnx$/, 'file must be a bare .onnx file name in the models folder'),
});

export type ModelPointer = z.infer<typeof modelPointerSchema>;

export const modelId = (engine: string, version: number) => `${engine}@${version}`;
export const modelFileNames = (engine: string, version: number) => ({
  onnx: `${modelId(engine, version)}.onnx`,
  card: `${modelId(engine, version)}.card.json`,
  trees: `${modelId(engine, version)}.trees.json`,
});
export const pointerFileName = (engine: string) => `${engine}.current.json`;

/** Engine names as they appear in file names: lower-case words joined by hyphens. */
export const ENGINE_NAME_PATTERN = /^[a-z][a-z0-9-]*$/;

/** Finds `<engine>@<n>.card.json` names in a directory listing, as [engine, version] pairs. */
export function parseCardFileName(name: string): { engine: string; version: number } | null {
  const match = /^([a-z][a-z0-9-]*)@(\d+)\.card\.json$/.exec(name);
  return match ? { engine: match[1], version: Number(match[2]) } : null;
}

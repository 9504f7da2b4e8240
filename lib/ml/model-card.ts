// The model card written next to every .onnx file, and the pointer that says
// which version is current. Both are read back at load time, so they have a
// zod schema: a hand-edited or truncated card fails with a clear message.
import { z } from 'zod';

const calibrationBinSchema = z.object({
  lower: z.number(),
  upper: z.number(),
  count: z.number().int(),
  meanPredicted: z.number().nullable(),
  observedRate: z.number().nullable(),
});

const metricsSchema = z.object({
  rows: z.number().int(),
  positiveRate: z.number(),
  meanPredicted: z.number(),
  auc: z.number().nullable(),
  logLoss: z.number(),
  brier: z.number(),
  accuracy: z.number(),
  calibration: z.array(calibrationBinSchema),
});

const windowSchema = z.object({
  fromDay: z.number().int(),
  toDay: z.number().int(),
  from: z.string(),
  to: z.string(),
  rows: z.number().int(),
});

export const modelCardSchema = z.object({
  engine: z.string(),
  version: z.number().int().positive(),
  id: z.string(),
  createdAt: z.string(),
  seed: z.number().int(),
  files: z.object({ onnx: z.string(), trees: z.string() }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  onnx: z.object({
    bytes: z.number().int(),
    irVersion: z.number().int(),
    opsets: z.record(z.string(), z.number().int()),
    input: z.object({ name: z.string(), shape: z.array(z.union([z.string(), z.number()])) }),
    outputs: z.array(z.string()),
  }),
  features: z.array(z.object({ name: z.string(), type: z.string(), kind: z.string(), description: z.string() })),
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
  metrics: z.object({ heldOut: metricsSchema, train: metricsSchema }),
  featureImportance: z.array(
    z.object({ feature: z.string(), gain: z.number(), gainShare: z.number(), splits: z.number().int() }),
  ),
  parity: z.object({ rows: z.number().int(), maxRelativeError: z.number() }),
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

// What a model's ONNX graph takes as raw input, and how the graph turns it
// into the feature vector the model was trained on. The runtime feeds raw
// values (numbers, and category strings such as a work-center code); the
// graph maps categories itself (LabelEncoder to an ordinal code for trees,
// OneHotEncoder for linear models). encodeRow is the TypeScript twin of that
// mapping, used to build training rows, so both sides encode alike.
import { z } from 'zod';

export const categoricalFeatureSchema = z.object({
  name: z.string().min(1),
  /** Known categories; anything else (or a missing value) is unknown. */
  categories: z.array(z.string().min(1)).min(1),
  /**
   * ordinal: one column, the category's index, NaN when unknown (a tree sends
   *   it along the learned missing direction);
   * one-hot: one column per category, all zero when unknown.
   */
  encoding: z.enum(['ordinal', 'one-hot']),
});

export const inputSpecSchema = z.object({
  /** Columns of the float tensor `features`, in order. */
  numeric: z.array(z.string().min(1)),
  /** Columns of the string tensor `categories`, in order. */
  categorical: z.array(categoricalFeatureSchema),
});

export type CategoricalFeature = z.infer<typeof categoricalFeatureSchema>;
export type InputSpec = z.infer<typeof inputSpecSchema>;

export interface RawRow {
  numeric: readonly number[];
  /** null for a missing category. */
  categorical: readonly (string | null)[];
}

/** Every input numeric: what a model without categorical inputs takes. */
export function numericSpec(featureNames: readonly string[]): InputSpec {
  return { numeric: [...featureNames], categorical: [] };
}

/** Names of the encoded features, the model's feature order: numeric first, then each category's column(s). */
export function encodedFeatureNames(spec: InputSpec): string[] {
  return [
    ...spec.numeric,
    ...spec.categorical.flatMap((c) => (c.encoding === 'ordinal' ? [c.name] : c.categories.map((v) => `${c.name}=${v}`))),
  ];
}

export function encodeRow(spec: InputSpec, raw: RawRow): number[] {
  if (raw.numeric.length !== spec.numeric.length) {
    throw new Error(`Expected ${spec.numeric.length} numeric inputs, got ${raw.numeric.length}`);
  }
  if (raw.categorical.length !== spec.categorical.length) {
    throw new Error(`Expected ${spec.categorical.length} categorical inputs, got ${raw.categorical.length}`);
  }
  const out = [...raw.numeric];
  spec.categorical.forEach((c, j) => {
    const index = raw.categorical[j] === null ? -1 : c.categories.indexOf(raw.categorical[j] as string);
    if (c.encoding === 'ordinal') out.push(index >= 0 ? index : Number.NaN);
    else c.categories.forEach((_, k) => out.push(k === index ? 1 : 0));
  });
  return out;
}

/** Checks a spec against the model it feeds: same features, same order, no duplicate category. */
export function checkInputSpec(spec: InputSpec, modelFeatureNames: readonly string[]): void {
  const names = encodedFeatureNames(spec);
  if (names.join('\u0000') !== modelFeatureNames.join('\u0000')) {
    throw new Error(`The input spec encodes [${names.join(', ')}] but the model takes [${modelFeatureNames.join(', ')}]`);
  }
  for (const c of spec.categorical) {
    if (new Set(c.categories).size !== c.categories.length) throw new Error(`Categorical input ${c.name} lists a category twice`);
  }
}

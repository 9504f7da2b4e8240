// Training profiles and the population stability index (PSI).
//
// When a model is trained, each feature's training distribution is cut into
// about ten bins of equal training share (a feature with few distinct values
// gets a bin per value) plus a bin for missing values, and the shares are
// stored with the version. Live values are later put into the same bins, and
// PSI = Σ (live − train) · ln(live ÷ train) says how far they moved: under
// 0.1 stable, 0.1–0.2 worth watching, over 0.2 a shift the model was not
// trained for. Client-safe: pure functions.
import { z } from 'zod';

export const PSI_WATCH = 0.1;
export const PSI_WARNING = 0.2;
/** Share given to an empty bin so that ln(live ÷ train) stays finite. */
const SHARE_FLOOR = 1e-4;

export const featureProfileSchema = z.object({
  feature: z.string(),
  /** Bin i holds edges[i-1] ≤ x < edges[i]; bin 0 is x < edges[0], the last x ≥ the last edge. */
  edges: z.array(z.number()),
  /** Share of the training rows per bin: edges.length + 1 entries. */
  shares: z.array(z.number()),
  missingShare: z.number(),
  rows: z.number().int(),
  mean: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
});

export const trainingProfileSchema = z.object({
  features: z.array(featureProfileSchema),
  /** Held-out predictions (probability of the positive class, or the forecast), binned the same way. */
  predictions: featureProfileSchema.nullable(),
});

export type FeatureProfile = z.infer<typeof featureProfileSchema>;
export type TrainingProfile = z.infer<typeof trainingProfileSchema>;

/** Edges that cut sorted, present values into about `maxBins` bins of equal count. */
function quantileEdges(sorted: readonly number[], maxBins: number): number[] {
  const distinct = sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
  if (distinct.length <= maxBins) return distinct.slice(1);
  const edges: number[] = [];
  for (let q = 1; q < maxBins; q++) {
    const edge = sorted[Math.floor((q * sorted.length) / maxBins)];
    // An edge at the minimum would leave bin 0 empty; repeated edges are one edge.
    if (edge > sorted[0] && (edges.length === 0 || edge > edges[edges.length - 1])) edges.push(edge);
  }
  return edges;
}

function binOf(edges: readonly number[], x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Shares of `values` in the profile's bins, and the missing share. NaN and null are missing. */
export function binShares(edges: readonly number[], values: readonly (number | null)[]): { shares: number[]; missingShare: number; rows: number } {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let missing = 0;
  for (const v of values) {
    if (v === null || Number.isNaN(v)) missing++;
    else counts[binOf(edges, v)]++;
  }
  const n = values.length;
  return { shares: counts.map((c) => (n > 0 ? c / n : 0)), missingShare: n > 0 ? missing / n : 0, rows: n };
}

export function profileFeature(feature: string, values: readonly (number | null)[], maxBins = 10): FeatureProfile {
  const present = values.filter((v): v is number => v !== null && !Number.isNaN(v)).sort((a, b) => a - b);
  return profileWithEdges(feature, values, quantileEdges(present, maxBins));
}

/** A profile over given edges, e.g. tenths for probabilities, which read better than quantiles. */
export function profileWithEdges(feature: string, values: readonly (number | null)[], edges: readonly number[]): FeatureProfile {
  const present = values.filter((v): v is number => v !== null && !Number.isNaN(v)).sort((a, b) => a - b);
  const { shares, missingShare, rows } = binShares(edges, values);
  return {
    feature,
    edges: [...edges],
    shares,
    missingShare,
    rows,
    mean: present.length > 0 ? present.reduce((a, b) => a + b, 0) / present.length : null,
    min: present.length > 0 ? present[0] : null,
    max: present.length > 0 ? present[present.length - 1] : null,
  };
}

export const PROBABILITY_EDGES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** One profile per column of `rows`. */
export function profileFeatures(featureNames: readonly string[], rows: readonly (readonly number[])[], maxBins = 10): FeatureProfile[] {
  return featureNames.map((name, j) =>
    profileFeature(
      name,
      rows.map((row) => row[j]),
      maxBins,
    ),
  );
}

/** PSI between two distributions over the same bins (shares, each summing to 1 with their missing share). */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[]): number {
  if (expected.length !== actual.length) throw new Error(`PSI needs the same bins: ${expected.length} vs ${actual.length}`);
  let psi = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i], SHARE_FLOOR);
    const a = Math.max(actual[i], SHARE_FLOOR);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

export type DriftLevel = 'stable' | 'watch' | 'shift';

export interface FeatureDrift {
  feature: string;
  psi: number;
  level: DriftLevel;
  liveRows: number;
  /** Bin labels and the training and live shares per bin (missing last when either side has any). */
  bins: { label: string; training: number; live: number }[];
  trainingMean: number | null;
  liveMean: number | null;
}

export function driftLevel(psi: number): DriftLevel {
  return psi > PSI_WARNING ? 'shift' : psi > PSI_WATCH ? 'watch' : 'stable';
}

const formatEdge = (x: number) => (Math.abs(x) >= 100 || Number.isInteger(x) ? String(Math.round(x * 10) / 10) : x.toPrecision(3));

export function binLabels(edges: readonly number[]): string[] {
  if (edges.length === 0) return ['all'];
  return [
    `< ${formatEdge(edges[0])}`,
    ...edges.slice(1).map((edge, i) => `${formatEdge(edges[i])}–${formatEdge(edge)}`),
    `≥ ${formatEdge(edges[edges.length - 1])}`,
  ];
}

/** Live values of one feature against its training profile. */
export function featureDrift(profile: FeatureProfile, liveValues: readonly (number | null)[]): FeatureDrift {
  const live = binShares(profile.edges, liveValues);
  const expected = [...profile.shares, profile.missingShare];
  const actual = [...live.shares, live.missingShare];
  const psi = live.rows > 0 ? populationStabilityIndex(expected, actual) : 0;
  const labels = binLabels(profile.edges);
  const bins = labels.map((label, i) => ({ label, training: profile.shares[i], live: live.shares[i] }));
  if (profile.missingShare > 0 || live.missingShare > 0) bins.push({ label: 'missing', training: profile.missingShare, live: live.missingShare });
  const present = liveValues.filter((v): v is number => v !== null && !Number.isNaN(v));
  return {
    feature: profile.feature,
    psi,
    level: driftLevel(psi),
    liveRows: live.rows,
    bins,
    trainingMean: profile.mean,
    liveMean: present.length > 0 ? present.reduce((a, b) => a + b, 0) / present.length : null,
  };
}

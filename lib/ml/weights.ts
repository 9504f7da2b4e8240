// Row weights for the trainers: per-row sample weights times per-class
// weights, so that a rare class (a late order, a theft) can count for more
// than its share of the rows.

export interface WeightOptions {
  sampleWeights?: readonly number[];
  /** One weight per class, or 'balanced': n ÷ (classes × rows of the class). */
  classWeights?: readonly number[] | 'balanced';
}

/**
 * @param labels class indices for classifiers; for regressions pass the
 *   targets and nClasses null (class weights are then refused)
 */
export function trainingWeights(labels: readonly number[], nClasses: number | null, options: WeightOptions, who = 'train'): Float64Array {
  const n = labels.length;
  const weights = new Float64Array(n).fill(1);
  if (options.sampleWeights) {
    if (options.sampleWeights.length !== n) throw new Error(`${who}: ${options.sampleWeights.length} sample weights for ${n} rows`);
    options.sampleWeights.forEach((w, r) => {
      if (!(Number.isFinite(w) && w >= 0)) throw new Error(`${who}: sample weight ${r} must be a finite number ≥ 0`);
      weights[r] = w;
    });
  }
  if (options.classWeights !== undefined) {
    if (nClasses === null) throw new Error(`${who}: class weights apply to classifiers only`);
    let perClass: readonly number[];
    if (options.classWeights === 'balanced') {
      const counts = new Array<number>(nClasses).fill(0);
      for (const y of labels) counts[y]++;
      perClass = counts.map((c) => (c > 0 ? n / (nClasses * c) : 0));
    } else {
      perClass = options.classWeights;
      if (perClass.length !== nClasses) throw new Error(`${who}: ${perClass.length} class weights for ${nClasses} classes`);
      if (perClass.some((w) => !(Number.isFinite(w) && w > 0))) throw new Error(`${who}: class weights must be positive`);
    }
    for (let r = 0; r < n; r++) weights[r] *= perClass[labels[r]];
  }
  let total = 0;
  for (const w of weights) total += w;
  if (!(total > 0)) throw new Error(`${who}: the weights add up to zero`);
  return weights;
}

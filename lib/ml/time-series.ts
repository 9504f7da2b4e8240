// Forecasting as supervised learning: each point of a regular series becomes
// a row whose features are what was known at that time (recent values, rolling
// means) plus the calendar of the time being forecast, and whose target is the
// value `horizon` steps later. The tree trainer then learns the pattern, and a
// naive forecast (the last value, or the value one season earlier) is the bar
// it has to clear: a forecast that does not beat it is not worth showing.
export interface SeriesPoint {
  at: Date;
  /** NaN for a step with no observation. */
  value: number;
}

export type CalendarFeature = 'hourOfDay' | 'dayOfWeek' | 'minuteOfDay' | 'isWeekend';

export interface LagFeatureOptions {
  /** Steps ahead to forecast, ≥ 1. */
  horizon: number;
  /** Lags in steps; 0 is the latest observation at forecast time. */
  lags: readonly number[];
  /** Trailing window lengths, in steps, of rolling means that end at forecast time. */
  rollingMeans?: readonly number[];
  /** Calendar of the target time (when the forecast comes true). */
  calendar?: readonly CalendarFeature[];
  /** Steps per season (e.g. 24 for hourly data with a daily cycle); the naive baseline then repeats the last season. */
  seasonLength?: number;
  /** Offset of plant-local time from UTC for the calendar features (minutes). Default 0. */
  utcOffsetMinutes?: number;
}

export interface LagDataset {
  featureNames: string[];
  horizon: number;
  rows: number[][];
  targets: number[];
  /** Index in the series of the forecast origin (the last point known) of each row. */
  origins: number[];
  /** When each target happens. */
  targetTimes: Date[];
  /** The naive forecast of each row's target. */
  naive: number[];
}

/** The interval between points; throws when the series is not regular, since lags count steps. */
export function seriesStepMs(series: readonly SeriesPoint[]): number {
  if (series.length < 2) throw new Error('A series needs at least 2 points');
  const step = series[1].at.getTime() - series[0].at.getTime();
  if (!(step > 0)) throw new Error('Series points must be in increasing time order');
  for (let i = 2; i < series.length; i++) {
    if (series[i].at.getTime() - series[i - 1].at.getTime() !== step) {
      throw new Error(`Series is not regular at point ${i}: expected a step of ${step} ms (fill gaps with NaN values)`);
    }
  }
  return step;
}

function calendarValue(feature: CalendarFeature, at: Date, utcOffsetMinutes: number): number {
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000);
  switch (feature) {
    case 'hourOfDay':
      return local.getUTCHours();
    case 'minuteOfDay':
      return local.getUTCHours() * 60 + local.getUTCMinutes();
    case 'dayOfWeek':
      // Monday 0 … Sunday 6, the ISO order a planner reads.
      return (local.getUTCDay() + 6) % 7;
    case 'isWeekend':
      return local.getUTCDay() === 0 || local.getUTCDay() === 6 ? 1 : 0;
  }
}

/** The naive forecast of the value at `origin + horizon`: one season back when possible, else the last value. */
export function naiveForecast(values: readonly number[], origin: number, horizon: number, seasonLength?: number): number {
  if (seasonLength && seasonLength > 0) {
    // The latest point of the same phase of the season that is known at the origin.
    const seasonsBack = Math.ceil(horizon / seasonLength);
    const index = origin + horizon - seasonsBack * seasonLength;
    if (index >= 0) return values[index];
  }
  return values[origin];
}

export function lagFeatureNames(options: LagFeatureOptions): string[] {
  return [
    ...options.lags.map((k) => `lag_${k}`),
    ...(options.rollingMeans ?? []).map((w) => `mean_${w}`),
    ...(options.calendar ?? []).map((c) => c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)),
  ];
}

/**
 * One row per origin that has a known target `horizon` steps later. Lags
 * before the start of the series and windows with no observation are NaN
 * (missing to the tree trainer), never zero.
 */
export function buildLagFeatures(series: readonly SeriesPoint[], options: LagFeatureOptions): LagDataset {
  const { horizon, lags } = options;
  if (!Number.isInteger(horizon) || horizon < 1) throw new Error('horizon must be an integer ≥ 1');
  if (lags.some((k) => !Number.isInteger(k) || k < 0)) throw new Error('lags must be integers ≥ 0');
  const windows = options.rollingMeans ?? [];
  if (windows.some((w) => !Number.isInteger(w) || w < 1)) throw new Error('rolling windows must be integers ≥ 1');
  const step = seriesStepMs(series);
  const offset = options.utcOffsetMinutes ?? 0;
  const values = series.map((p) => p.value);

  const dataset: LagDataset = { featureNames: lagFeatureNames(options), horizon, rows: [], targets: [], origins: [], targetTimes: [], naive: [] };
  for (let origin = 0; origin + horizon < series.length; origin++) {
    const target = values[origin + horizon];
    if (Number.isNaN(target)) continue;
    const row: number[] = lags.map((k) => (origin - k >= 0 ? values[origin - k] : Number.NaN));
    for (const w of windows) {
      let sum = 0;
      let count = 0;
      for (let i = Math.max(0, origin - w + 1); i <= origin; i++) {
        if (!Number.isNaN(values[i])) {
          sum += values[i];
          count++;
        }
      }
      row.push(count > 0 ? sum / count : Number.NaN);
    }
    const targetTime = new Date(series[0].at.getTime() + (origin + horizon) * step);
    for (const c of options.calendar ?? []) row.push(calendarValue(c, targetTime, offset));
    dataset.rows.push(row);
    dataset.targets.push(target);
    dataset.origins.push(origin);
    dataset.targetTimes.push(targetTime);
    dataset.naive.push(naiveForecast(values, origin, horizon, options.seasonLength));
  }
  return dataset;
}

/**
 * Splits by time: rows whose target happens before the cutoff train, the rest
 * are held out, and rows whose target would straddle it are dropped so that
 * no training target is later than a held-out origin.
 */
export function splitByTime(dataset: LagDataset, heldOutFraction: number): { train: LagDataset; heldOut: LagDataset } {
  if (!(heldOutFraction > 0 && heldOutFraction < 1)) throw new Error('heldOutFraction must be in (0, 1)');
  const n = dataset.rows.length;
  const firstHeldOut = Math.min(n - 1, Math.max(1, Math.floor(n * (1 - heldOutFraction))));
  const cutoffOrigin = dataset.origins[firstHeldOut];
  const pick = (keep: (i: number) => boolean): LagDataset => {
    const indices = dataset.rows.map((_, i) => i).filter(keep);
    return {
      featureNames: dataset.featureNames,
      horizon: dataset.horizon,
      rows: indices.map((i) => dataset.rows[i]),
      targets: indices.map((i) => dataset.targets[i]),
      origins: indices.map((i) => dataset.origins[i]),
      targetTimes: indices.map((i) => dataset.targetTimes[i]),
      naive: indices.map((i) => dataset.naive[i]),
    };
  };
  return {
    // A training target must already be known at the first held-out origin.
    train: pick((i) => i < firstHeldOut && dataset.origins[i] + dataset.horizon <= cutoffOrigin),
    heldOut: pick((i) => i >= firstHeldOut),
  };
}

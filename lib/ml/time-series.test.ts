import { describe, expect, it } from 'vitest';
import { predictRegression, trainGbtRegression } from '@/lib/ml/gbt';
import { evaluateRegression } from '@/lib/ml/metrics';
import { createRandom } from '@/lib/ml/random';
import { buildLagFeatures, naiveForecast, seriesStepMs, splitByTime, type SeriesPoint } from '@/lib/ml/time-series';

const HOUR = 3_600_000;
const start = new Date('2026-03-02T00:00:00Z'); // a Monday

function series(values: number[], stepMs = HOUR): SeriesPoint[] {
  return values.map((value, i) => ({ at: new Date(start.getTime() + i * stepMs), value }));
}

describe('buildLagFeatures', () => {
  it('lines up lags, rolling means, calendar and target exactly', () => {
    const data = buildLagFeatures(series(Array.from({ length: 50 }, (_, i) => i)), {
      horizon: 2,
      lags: [0, 1, 3],
      rollingMeans: [2],
      calendar: ['hourOfDay', 'dayOfWeek', 'isWeekend'],
    });
    expect(data.featureNames).toEqual(['lag_0', 'lag_1', 'lag_3', 'mean_2', 'hour_of_day', 'day_of_week', 'is_weekend']);
    expect(data.rows).toHaveLength(48);
    expect(data.rows[0]).toEqual([0, Number.NaN, Number.NaN, 0, 2, 0, 0]);
    const i = 30;
    // Origin 30 is Tuesday 06:00; its target, 2 h later, is Tuesday 08:00.
    expect(data.rows[i]).toEqual([30, 29, 27, 29.5, 8, 1, 0]);
    expect(data.targets[i]).toBe(32);
    expect(data.origins[i]).toBe(30);
    expect(data.targetTimes[i].toISOString()).toBe('2026-03-03T08:00:00.000Z');
    expect(data.naive[i]).toBe(30);
  });

  it('skips missing targets and leaves missing lags missing', () => {
    const values = [1, 2, Number.NaN, 4, 5, 6];
    const data = buildLagFeatures(series(values), { horizon: 1, lags: [0], rollingMeans: [2] });
    // Origin 1 would forecast the missing point 2.
    expect(data.origins).toEqual([0, 2, 3, 4]);
    expect(data.rows[1]).toEqual([Number.NaN, 2]);
  });

  it('uses plant-local time for the calendar', () => {
    const data = buildLagFeatures(series([1, 2, 3]), { horizon: 1, lags: [0], calendar: ['hourOfDay', 'minuteOfDay'], utcOffsetMinutes: 90 });
    expect(data.rows[0]).toEqual([1, 2, 150]);
  });

  it('refuses an irregular series and bad options', () => {
    const points = series([1, 2, 3]);
    points[2] = { at: new Date(points[2].at.getTime() + 60_000), value: 3 };
    expect(() => seriesStepMs(points)).toThrow(/not regular at point 2/);
    expect(() => buildLagFeatures(series([1, 2, 3]), { horizon: 0, lags: [0] })).toThrow(/horizon/);
    expect(() => buildLagFeatures(series([1, 2, 3]), { horizon: 1, lags: [-1] })).toThrow(/lags/);
  });
});

describe('naiveForecast', () => {
  const values = Array.from({ length: 60 }, (_, i) => i);
  it('repeats the last value, or the same phase of the last season', () => {
    expect(naiveForecast(values, 40, 3)).toBe(40);
    expect(naiveForecast(values, 40, 3, 24)).toBe(19);
    // Two seasons back when the horizon is longer than one season.
    expect(naiveForecast(values, 50, 30, 24)).toBe(32);
    // Not enough history for a season: the last value.
    expect(naiveForecast(values, 5, 3, 24)).toBe(5);
  });
});

describe('forecasting with trees', () => {
  it('beats the naive forecasts on a daily cycle with noise and drift', () => {
    const random = createRandom(17);
    const values: number[] = [];
    let level = 100;
    for (let i = 0; i < 24 * 60; i++) {
      level += random.normal() * 0.5;
      values.push(level + 30 * Math.sin((2 * Math.PI * (i % 24)) / 24) + random.normal() * 3);
    }
    const options = { horizon: 3, lags: [0, 1, 2, 24], rollingMeans: [24], calendar: ['hourOfDay'] as const };
    const { train, heldOut } = splitByTime(buildLagFeatures(series(values), options), 0.2);
    const model = trainGbtRegression(train.rows, train.targets, { nTrees: 150, maxDepth: 4, learningRate: 0.1, featureNames: train.featureNames });
    const predictions = heldOut.rows.map((row) => predictRegression(model, row));

    const persistence = evaluateRegression(heldOut.targets, predictions, heldOut.naive);
    expect(persistence.maeRatio).toBeLessThan(0.6);
    const seasonal = buildLagFeatures(series(values), { ...options, seasonLength: 24 });
    const seasonalNaive = seasonal.naive.slice(seasonal.naive.length - heldOut.rows.length);
    expect(evaluateRegression(heldOut.targets, predictions, seasonalNaive).maeRatio).toBeLessThan(0.9);
  });
});

describe('splitByTime', () => {
  it('holds out the latest rows and trains only on targets known before them', () => {
    const data = buildLagFeatures(series(Array.from({ length: 100 }, (_, i) => i)), { horizon: 5, lags: [0] });
    const { train, heldOut } = splitByTime(data, 0.25);
    const firstHeldOutOrigin = heldOut.origins[0];
    expect(heldOut.origins[heldOut.origins.length - 1]).toBe(94);
    expect(Math.max(...train.origins.map((o) => o + 5))).toBeLessThanOrEqual(firstHeldOutOrigin);
    // Origins 67–70 are dropped: their targets (72–75) come after the first held-out origin.
    expect(train.rows.length + heldOut.rows.length).toBe(data.rows.length - 4);
    expect(() => splitByTime(data, 1)).toThrow(/heldOutFraction/);
  });
});

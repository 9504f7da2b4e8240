import { describe, expect, it } from 'vitest';
import { checkInputSpec, encodeRow, encodedFeatureNames, numericSpec, type InputSpec } from '@/lib/ml/input-spec';

const spec: InputSpec = {
  numeric: ['qty', 'hours'],
  categorical: [
    { name: 'wc', categories: ['WC-1', 'WC-2', 'WC-3'], encoding: 'ordinal' },
    { name: 'shift', categories: ['A', 'B'], encoding: 'one-hot' },
  ],
};

describe('input spec', () => {
  it('names encoded features numeric first, then each category column', () => {
    expect(encodedFeatureNames(spec)).toEqual(['qty', 'hours', 'wc', 'shift=A', 'shift=B']);
    expect(encodedFeatureNames(numericSpec(['a', 'b']))).toEqual(['a', 'b']);
  });

  it('encodes known, unknown and missing categories', () => {
    expect(encodeRow(spec, { numeric: [5, 1.5], categorical: ['WC-3', 'B'] })).toEqual([5, 1.5, 2, 0, 1]);
    expect(encodeRow(spec, { numeric: [5, Number.NaN], categorical: ['WC-9', null] })).toEqual([5, Number.NaN, Number.NaN, 0, 0]);
  });

  it('refuses rows and specs that do not fit', () => {
    expect(() => encodeRow(spec, { numeric: [1], categorical: ['WC-1', 'A'] })).toThrow(/2 numeric inputs/);
    expect(() => encodeRow(spec, { numeric: [1, 2], categorical: ['WC-1'] })).toThrow(/2 categorical inputs/);
    expect(() => checkInputSpec(spec, ['qty', 'hours', 'wc', 'shift=B', 'shift=A'])).toThrow(/encodes/);
    expect(() => checkInputSpec({ numeric: [], categorical: [{ name: 'x', categories: ['a', 'a'], encoding: 'one-hot' }] }, ['x=a', 'x=a'])).toThrow(/twice/);
    expect(() => checkInputSpec(spec, encodedFeatureNames(spec))).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import {
  combineDateAndTime,
  formatDecimal,
  formatEdmTime,
  formatODataDate,
  formatSapTimestamp,
  isDecimalString,
  odataString,
  parseDecimal,
  parseEdmTime,
  parseODataDate,
} from './odata-values';

describe('parseODataDate', () => {
  it('reads /Date(ms)/ as UTC milliseconds', () => {
    expect(parseODataDate('/Date(1748736000000)/').toISOString()).toBe('2025-06-01T00:00:00.000Z');
  });

  it('accepts the offset form without moving the instant', () => {
    expect(parseODataDate('/Date(1748736000000+0120)/').getTime()).toBe(1748736000000);
  });

  it('accepts dates before 1970', () => {
    expect(parseODataDate('/Date(-86400000)/').toISOString()).toBe('1969-12-31T00:00:00.000Z');
  });

  it.each(['2025-06-01T00:00:00', '/Date()/', 'Date(1)', '/Date(1.5)/', ''])('rejects %j', (value) => {
    expect(() => parseODataDate(value)).toThrow(TypeError);
  });

  it('round-trips with formatODataDate', () => {
    const date = new Date('2025-06-01T10:15:00Z');
    expect(parseODataDate(formatODataDate(date))).toEqual(date);
  });
});

describe('parseEdmTime', () => {
  it('reads PT10H15M00S', () => {
    expect(parseEdmTime('PT10H15M00S')).toBe((10 * 60 + 15) * 60_000);
  });

  it('reads partial forms and fractions', () => {
    expect(parseEdmTime('PT5M')).toBe(300_000);
    expect(parseEdmTime('PT1.5S')).toBe(1500);
  });

  it.each(['PT', '10:15:00', 'PT24H00M00S', 'P1D'])('rejects %j', (value) => {
    expect(() => parseEdmTime(value)).toThrow(TypeError);
  });

  it('round-trips with formatEdmTime', () => {
    expect(formatEdmTime(parseEdmTime('PT23H59M59S'))).toBe('PT23H59M59S');
  });
});

describe('combineDateAndTime', () => {
  it('adds the time of day to the date', () => {
    expect(combineDateAndTime('/Date(1748736000000)/', 'PT10H15M00S')?.toISOString()).toBe('2025-06-01T10:15:00.000Z');
  });

  it('uses midnight without a time and null without a date', () => {
    expect(combineDateAndTime('/Date(1748736000000)/', null)?.toISOString()).toBe('2025-06-01T00:00:00.000Z');
    expect(combineDateAndTime(null, 'PT10H00M00S')).toBeNull();
  });
});

describe('parseDecimal', () => {
  it.each([
    ['5.000', 5],
    ['-0.5', -0.5],
    ['1200', 1200],
    [' 12.345 ', 12.345],
    ['.5', 0.5],
  ])('reads %j', (value, expected) => {
    expect(parseDecimal(value)).toBe(expected);
  });

  it.each(['', 'abc', '1e5', '1,5', '5.000-', 'NaN'])('rejects %j', (value) => {
    expect(() => parseDecimal(value)).toThrow(TypeError);
    expect(isDecimalString(value)).toBe(false);
  });

  it('formats with the declared scale', () => {
    expect(formatDecimal(12, 3)).toBe('12.000');
  });
});

describe('odataString and formatSapTimestamp', () => {
  it('quotes and doubles inner quotes', () => {
    expect(odataString("O'Brien")).toBe("'O''Brien'");
  });

  it('formats LastChangeDateTime as YYYYMMDDhhmmss in UTC', () => {
    expect(formatSapTimestamp(new Date('2025-06-01T10:15:00.900Z'))).toBe('20250601101500');
  });
});

import { describe, expect, it } from 'vitest';
import { isValidTimeZone, localParts, localWeekStart, shiftOf, shiftOfHour } from '@/lib/scorecard/shift';

describe('shiftOfHour', () => {
  it('starts each shift on its hour and ends it just before the next', () => {
    expect([5, 6, 13, 14, 21, 22, 23, 0].map(shiftOfHour)).toEqual(['NIGHT', 'EARLY', 'EARLY', 'LATE', 'LATE', 'NIGHT', 'NIGHT', 'NIGHT']);
  });
});

describe('shiftOf', () => {
  it('reads the hour at the site, not in UTC', () => {
    // 14:30 UTC in November is 06:30 in Palo Alto (PST, UTC−8): the early shift there, the late one in UTC.
    const at = new Date('2026-11-25T14:30:00Z');
    expect(shiftOf(at, 'UTC')).toBe('LATE');
    expect(shiftOf(at, 'America/Los_Angeles')).toBe('EARLY');
  });

  it('follows daylight saving time', () => {
    // 05:30 UTC on 1 July is 22:30 the evening before under PDT (UTC−7): night; under PST it would be 21:30, late.
    expect(shiftOf(new Date('2026-07-01T05:30:00Z'), 'America/Los_Angeles')).toBe('NIGHT');
    expect(shiftOf(new Date('2026-12-01T05:30:00Z'), 'America/Los_Angeles')).toBe('LATE');
  });

  it('handles half-hour offsets at the boundaries', () => {
    // Kolkata is UTC+5:30.
    expect(shiftOf(new Date('2026-11-25T00:29:00Z'), 'Asia/Kolkata')).toBe('NIGHT');
    expect(shiftOf(new Date('2026-11-25T00:30:00Z'), 'Asia/Kolkata')).toBe('EARLY');
    expect(shiftOf(new Date('2026-11-25T08:29:59Z'), 'Asia/Kolkata')).toBe('EARLY');
    expect(shiftOf(new Date('2026-11-25T08:30:00Z'), 'Asia/Kolkata')).toBe('LATE');
  });

  it('handles quarter-hour offsets, every minute of the hour around a boundary', () => {
    // Kathmandu is UTC+5:45: 06:00 local is 00:15 UTC.
    const at = (min: number) => new Date(Date.UTC(2026, 10, 25, 0, min, 30));
    expect([10, 14, 15, 16, 44].map((m) => shiftOf(at(m), 'Asia/Kathmandu'))).toEqual(['NIGHT', 'NIGHT', 'EARLY', 'EARLY', 'EARLY']);
    expect(localParts(at(14), 'Asia/Kathmandu')).toMatchObject({ day: 25, hour: 5 });
    expect(localParts(at(15), 'Asia/Kathmandu')).toMatchObject({ day: 25, hour: 6 });
  });

  it('reads midnight as hour 0, in the night shift', () => {
    expect(localParts(new Date('2026-11-25T00:00:00Z'), 'UTC').hour).toBe(0);
    expect(shiftOf(new Date('2026-11-25T00:00:00Z'), 'UTC')).toBe('NIGHT');
  });

  it('reads an unknown zone as UTC instead of failing', () => {
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(shiftOf(new Date('2026-11-25T14:30:00Z'), 'Mars/Olympus')).toBe('LATE');
  });
});

describe('localWeekStart', () => {
  it('is the Monday of the local week', () => {
    // Wednesday 25 November 2026.
    expect(localWeekStart(new Date('2026-11-25T12:00:00Z'), 'UTC')).toBe('2026-11-23');
    // Monday 30 November 07:00 UTC is still Sunday evening in Palo Alto: the week before.
    expect(localWeekStart(new Date('2026-11-30T07:00:00Z'), 'UTC')).toBe('2026-11-30');
    expect(localWeekStart(new Date('2026-11-30T07:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-23');
  });

  it('crosses month and year ends', () => {
    // Friday 1 January 2027 → Monday 28 December 2026.
    expect(localWeekStart(new Date('2027-01-01T12:00:00Z'), 'UTC')).toBe('2026-12-28');
  });
});

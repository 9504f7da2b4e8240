// The plant's working day as people live it: shifts and weeks by the site's own
// clock, not the server's. Pure and client-safe; Intl only, no date library.

export const SHIFTS = ['EARLY', 'LATE', 'NIGHT'] as const;
export type Shift = (typeof SHIFTS)[number];

export const SHIFT_LABEL: Record<Shift, string> = {
  EARLY: 'Early (06–14)',
  LATE: 'Late (14–22)',
  NIGHT: 'Night (22–06)',
};

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function makeFormatter(timeZone: string): Intl.DateTimeFormat {
  // h23: some engines print midnight as "24" under hour12: false.
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    weekday: 'short',
  });
}

/** Whether Intl knows the zone (Site.timezone is typed by an admin). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    makeFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // A mistyped zone on one site should not take the whole scorecard down: read it as UTC.
    f = isValidTimeZone(timeZone) ? makeFormatter(timeZone) : makeFormatter('UTC');
    formatters.set(timeZone, f);
  }
  return f;
}

// Every zone's offset is a whole number of quarter hours, so the local date,
// hour and weekday are the same throughout each UTC quarter hour: formatting is
// the slow part of a scorecard over many rows, and this caches it per quarter.
const QUARTER_MS = 15 * 60_000;
const MAX_CACHED = 100_000;
const cache = new Map<string, Map<number, LocalParts>>();

/** The wall-clock date, hour and weekday at `timeZone` for an instant. */
export function localParts(at: Date, timeZone: string): LocalParts {
  const quarter = Math.floor(at.getTime() / QUARTER_MS);
  let zone = cache.get(timeZone);
  if (!zone) {
    zone = new Map();
    cache.set(timeZone, zone);
  }
  const hit = zone.get(quarter);
  if (hit) return hit;
  if (zone.size >= MAX_CACHED) zone.clear();
  const parts = formatParts(new Date(quarter * QUARTER_MS), timeZone);
  zone.set(quarter, parts);
  return parts;
}

function formatParts(at: Date, timeZone: string): LocalParts {
  const parts = formatterFor(timeZone).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')) % 24,
    weekday: Math.max(0, WEEKDAYS.indexOf(get('weekday') as (typeof WEEKDAYS)[number])),
  };
}

/** The shift by local hour: Early 06–14, Late 14–22, Night 22–06 (start inclusive). */
export function shiftOfHour(hour: number): Shift {
  if (hour >= 6 && hour < 14) return 'EARLY';
  if (hour >= 14 && hour < 22) return 'LATE';
  return 'NIGHT';
}

export function shiftOf(at: Date, timeZone: string): Shift {
  return shiftOfHour(localParts(at, timeZone).hour);
}

/** The Monday (YYYY-MM-DD, local date) of the week an instant falls in at the site. */
export function localWeekStart(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  return new Date(Date.UTC(p.year, p.month - 1, p.day - p.weekday)).toISOString().slice(0, 10);
}

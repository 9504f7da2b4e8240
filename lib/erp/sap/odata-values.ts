// Wire formats of OData V2 JSON as SAP Gateway writes them (PROTOCOL-NOTES §2.3):
// Edm.DateTime as "/Date(ms)/", Edm.Time as "PT10H15M00S", Edm.Decimal as a
// string. Parsers throw on anything else: a value we cannot read is a protocol
// problem, and guessing would put a wrong quantity or due date on the floor.

const ODATA_DATE = /^\/Date\((-?\d+)(?:([+-])(\d{4}))?\)\/$/;

/** Parses "/Date(1748736000000)/" (and the "+0000" offset form of DateTimeOffset) to a Date. */
export function parseODataDate(value: string): Date {
  const match = ODATA_DATE.exec(value);
  if (!match) throw new TypeError(`not an OData V2 date: ${JSON.stringify(value)}`);
  // The milliseconds are UTC; the optional offset only says where the value was
  // entered, so it does not move the instant.
  const ms = Number(match[1]);
  if (!Number.isSafeInteger(ms)) throw new TypeError(`OData V2 date out of range: ${JSON.stringify(value)}`);
  return new Date(ms);
}

export function isODataDate(value: string): boolean {
  return ODATA_DATE.test(value);
}

export function formatODataDate(date: Date): string {
  return `/Date(${date.getTime()})/`;
}

const EDM_TIME = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/;

/** Parses an Edm.Time ("PT10H15M00S") to milliseconds since midnight. */
export function parseEdmTime(value: string): number {
  const match = EDM_TIME.exec(value);
  if (!match || value === 'PT') throw new TypeError(`not an Edm.Time: ${JSON.stringify(value)}`);
  const hours = Number(match[1] ?? 0);
  const minutes = Number(match[2] ?? 0);
  const seconds = Number(match[3] ?? 0);
  const ms = Math.round(((hours * 60 + minutes) * 60 + seconds) * 1000);
  if (ms >= 24 * 3_600_000) throw new TypeError(`Edm.Time beyond one day: ${JSON.stringify(value)}`);
  return ms;
}

export function formatEdmTime(msSinceMidnight: number): string {
  const totalSeconds = Math.floor(msSinceMidnight / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `PT${pad(Math.floor(totalSeconds / 3600))}H${pad(Math.floor((totalSeconds % 3600) / 60))}M${pad(totalSeconds % 60)}S`;
}

/**
 * SAP splits a point in time into an Edm.DateTime holding the date (at 00:00)
 * and an Edm.Time holding the time of day. Joins them; a missing time means
 * the start of the day.
 */
export function combineDateAndTime(date: string | null | undefined, time: string | null | undefined): Date | null {
  if (date === null || date === undefined || date === '') return null;
  const day = parseODataDate(date);
  if (time === null || time === undefined || time === '') return day;
  return new Date(day.getTime() + parseEdmTime(time));
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

/** Parses an Edm.Decimal string ("5.000", "-0.5") to a number. No exponents, no empty strings. */
export function parseDecimal(value: string): number {
  const trimmed = value.trim();
  if (!DECIMAL.test(trimmed)) throw new TypeError(`not an Edm.Decimal: ${JSON.stringify(value)}`);
  return Number(trimmed);
}

export function isDecimalString(value: string): boolean {
  return DECIMAL.test(value.trim());
}

/** Formats a number the way Gateway does for a Decimal with the given scale ("12.000"). */
export function formatDecimal(value: number, scale: number): string {
  return value.toFixed(scale);
}

/** A string literal for keys, function-import parameters and $filter: quoted, inner quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The "YYYYMMDDhhmmss" (UTC) timestamp SAP keeps in LastChangeDateTime. */
export function formatSapTimestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

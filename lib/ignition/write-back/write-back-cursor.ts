// The position of a stream of changed rows, ordered by (at, key). Rows are
// stamped before their transaction commits, so one may become visible after a
// later-stamped one was already read: each pass therefore looks back
// `overlapMs` behind the cursor too, and `recent` holds what was already sent
// in that window so the look-back sends only what it had missed. Pure.

export interface Cursor {
  at: Date;
  lastKey: string;
  /** `${key}@${ms}` of rows sent whose time is within the window behind `at`. */
  recent: string[];
}

export interface ChangedRow {
  key: string;
  at: Date;
}

export const START_CURSOR: Cursor = { at: new Date(0), lastKey: '', recent: [] };

export const rowMark = (row: ChangedRow) => `${row.key}@${row.at.getTime()}`;

export function isAfterCursor(cursor: Cursor, row: ChangedRow): boolean {
  const d = row.at.getTime() - cursor.at.getTime();
  return d > 0 || (d === 0 && row.key > cursor.lastKey);
}

/** Rows of the look-back window that still need sending. */
export function missedRows<T extends ChangedRow>(cursor: Cursor, rows: T[]): T[] {
  const seen = new Set(cursor.recent);
  return rows.filter((r) => !isAfterCursor(cursor, r) && !seen.has(rowMark(r)));
}

/** The cursor once `sent` (in any order) has been acknowledged. */
export function advanceCursor(cursor: Cursor, sent: ChangedRow[], overlapMs: number): Cursor {
  let next = { at: cursor.at, lastKey: cursor.lastKey };
  for (const r of sent) if (isAfterCursor({ ...next, recent: [] }, r)) next = { at: r.at, lastKey: r.key };
  const horizon = next.at.getTime() - overlapMs;
  const recent = [...new Set([...cursor.recent, ...sent.map(rowMark)])].filter((m) => Number(m.slice(m.lastIndexOf('@') + 1)) > horizon);
  return { ...next, recent };
}

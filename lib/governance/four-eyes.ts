// What the "one admin asks, another approves" workflows (model promotions,
// policy changes) share: the request's status and who-asked/who-decided trail,
// its required free texts, and the precondition of every decision. Client-safe:
// the view types are imported by the console.
import { AppError } from '@/lib/errors';

export type FourEyesStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED';

/** Who asked and who decided, as the console API returns it. Dates travel as ISO strings. */
export interface FourEyesTrailView {
  requestedBy: { id: string; name: string };
  requestedAt: string;
  decidedBy: { id: string; name: string } | null;
  decidedAt: string | null;
  decisionComment: string | null;
  /** The request's own version: a decision names the one it saw, a newer one means someone acted first. */
  version: number;
}

/** The columns both request tables store for the trail. */
export interface FourEyesRow {
  status: string;
  requestedById: string;
  requestedByName: string;
  requestedAt: Date;
  decidedById: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  decisionComment: string | null;
  version: number;
}

export function toTrailView(row: FourEyesRow): FourEyesTrailView {
  return {
    requestedBy: { id: row.requestedById, name: row.requestedByName },
    requestedAt: row.requestedAt.toISOString(),
    decidedBy: row.decidedById && row.decidedByName ? { id: row.decidedById, name: row.decidedByName } : null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionComment: row.decisionComment,
    version: row.version,
  };
}

/** A required free text (reason, comment): trimmed, or a 400 naming the field. */
export function requireText(value: string | null | undefined, field: string, message: string): string {
  const text = value?.trim() ?? '';
  if (!text) throw new AppError('BAD_REQUEST', message, { fieldErrors: { [field]: [message] } });
  return text;
}

/** The precondition every decision on a request shares: still pending, and the version the person saw. */
export function requirePendingAt(row: Pick<FourEyesRow, 'status' | 'decidedByName' | 'version'>, version: number): void {
  if (row.status !== 'PENDING') {
    throw new AppError('CONFLICT', `This request was already ${row.status.toLowerCase()}${row.decidedByName ? ` by ${row.decidedByName}` : ''}.`, {
      details: { status: row.status, currentVersion: row.version },
    });
  }
  if (row.version !== version) {
    throw new AppError('CONFLICT', 'This request changed since you opened it: review it again.', { details: { status: row.status, currentVersion: row.version } });
  }
}

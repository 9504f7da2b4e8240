// Guards every adapter applies before sending a posting: the request parses
// against its domain schema and the reference has the agreed format. A
// failure here means nothing was sent, so it is never in doubt.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { ErpError } from './connector';
import { isErpReference } from './erp-requests.schema';

export function parseErpRequest<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const messages = parsed.error.issues.map((issue) => ({
    severity: 'error' as const,
    code: 'INTERLOCK/INVALID_REQUEST',
    text: `${issue.path.join('.') || '(request)'}: ${issue.message}`,
  }));
  throw new ErpError('BUSINESS', `The ${what} request is invalid and was not sent: ${messages.map((m) => m.text).join('; ')}`, { messages });
}

export function assertReference(reference: string): void {
  if (!isErpReference(reference)) {
    throw new ErpError('BUSINESS', `"${reference}" is not a valid posting reference (1–25 upper-case letters, digits or hyphens); nothing was sent`, {
      messages: [{ severity: 'error', code: 'INTERLOCK/INVALID_REFERENCE', text: 'invalid posting reference' }],
    });
  }
}

/** Today's date in UTC as "YYYY-MM-DD": the posting date when the request names none. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * A UUID derived from the reference (name-based, SHA-1, RFC 4122 version 5
 * layout): the same reference always gives the same GUID, so a GUID field an
 * ERP offers (SAP ExternalSystemConfirmation) can carry our reference too.
 */
export function referenceGuid(reference: string): string {
  const hash = createHash('sha1').update(`interlock:${reference}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A quantity with at most `scale` decimals as a fixed-point string. More
 * decimals than the ERP keeps would be rounded there without telling anyone,
 * so the request is refused instead.
 */
export function fixedDecimal(value: number, scale: number, what: string): string {
  const factor = 10 ** scale;
  if (Math.abs(value * factor - Math.round(value * factor)) > 1e-6) {
    throw new ErpError('BUSINESS', `${what} ${value} has more than ${scale} decimals; nothing was sent`, {
      messages: [{ severity: 'error', code: 'INTERLOCK/INVALID_REQUEST', text: `${what}: at most ${scale} decimals` }],
    });
  }
  return value.toFixed(scale);
}

// Verifying an event batch's X-Signature (see sign-batch.ts for the format).
// Pure: the caller supplies the secrets and the clock, and records the replay
// key (replay-guard.ts) only after this says the signature is valid.
import { createHash, timingSafeEqual } from 'node:crypto';
import { batchSignature } from '@/lib/ignition/http/sign-batch';

/** How far the signing time may be from the server's clock, either way. */
export const SIGNATURE_WINDOW_S = 300;

export type SignatureFailure = 'missing' | 'malformed' | 'stale' | 'mismatch';

export type SignatureCheck =
  | {
      ok: true;
      timestamp: number;
      secretIndex: number;
      /**
       * What a replay would repeat: the signed content, not the signature. A
       * header may carry one v1 per secret during a rotation; keyed on the
       * signature, a replay could drop the one that was recorded.
       */
      replayKey: string;
    }
  | { ok: false; reason: SignatureFailure };

export interface ParsedSignatureHeader {
  timestamp: number;
  /** Every v1 value: a sender may send one per secret while it rotates. */
  signatures: string[];
}

export function parseSignatureHeader(header: string): ParsedSignatureHeader | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== null) return null;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return null;
      signatures.push(value.toLowerCase());
    }
    // Other schemes (v0, a future v2) are ignored, so senders can add one ahead of us.
  }
  if (timestamp === null || signatures.length === 0 || signatures.length > 4) return null;
  return { timestamp, signatures };
}

function hexEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks the header against the body and each secret in turn (the current one
 * first, then the one before a rotation). Every comparison is constant-time,
 * and all of them run, so the time taken does not tell which one matched.
 */
export function verifyBatchSignature(options: {
  header: string | null;
  rawBody: string;
  secrets: string[];
  nowMs?: number;
  windowS?: number;
}): SignatureCheck {
  if (!options.header) return { ok: false, reason: 'missing' };
  const parsed = parseSignatureHeader(options.header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const nowS = Math.floor((options.nowMs ?? Date.now()) / 1000);
  if (Math.abs(nowS - parsed.timestamp) > (options.windowS ?? SIGNATURE_WINDOW_S)) return { ok: false, reason: 'stale' };
  let match: { secretIndex: number } | null = null;
  for (const [secretIndex, secret] of options.secrets.entries()) {
    const expected = batchSignature(secret, parsed.timestamp, options.rawBody);
    for (const candidate of parsed.signatures) {
      if (hexEqual(expected, candidate) && !match) match = { secretIndex };
    }
  }
  if (!match) return { ok: false, reason: 'mismatch' };
  const replayKey = createHash('sha256').update(`${parsed.timestamp}.`).update(options.rawBody, 'utf8').digest('hex');
  return { ok: true, timestamp: parsed.timestamp, secretIndex: match.secretIndex, replayKey };
}

export const SIGNATURE_FAILURE_MESSAGE: Record<SignatureFailure, string> = {
  missing: 'This gateway must sign its batches: send X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">.',
  malformed: 'X-Signature is malformed: expected t=<unix seconds>,v1=<64 hex digits>.',
  stale: `X-Signature's timestamp is more than ${SIGNATURE_WINDOW_S} s from the server's clock: check the gateway's clock, and sign each request when it is sent.`,
  mismatch: "X-Signature does not match the body with this gateway's secret.",
};

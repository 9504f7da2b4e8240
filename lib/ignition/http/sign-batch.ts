// Signing an event batch the way Interlock verifies it (product.md, "Plant
// events from Ignition"): HMAC-SHA256 over `<unix seconds>.<raw body>`, sent as
// `X-Signature: t=<unix>,v1=<hex>`. Shared by the plant simulator, the tests and
// the verifier, so the three cannot drift apart. No server-only import: the
// simulator runs under plain tsx.
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-signature';

/** The hex HMAC of one timestamp and body; the same bytes the gateway script signs. */
export function batchSignature(secret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
}

/**
 * The X-Signature header for a body about to be sent. Sign at send time, and
 * again for every retry: the server refuses a signature it has seen before.
 */
export function signBatch(rawBody: string, secret: string, nowMs: number = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${batchSignature(secret, t, rawBody)}`;
}

import { describe, expect, it } from 'vitest';
import { parseSignatureHeader, verifyBatchSignature, SIGNATURE_WINDOW_S } from '@/lib/ignition/http/batch-signature';
import { batchSignature, signBatch } from '@/lib/ignition/http/sign-batch';

const SECRET = 'current-secret-0123456789abcdef0123456789';
const OLD = 'previous-secret-0123456789abcdef012345678';
const BODY = JSON.stringify({ gateway: 'ign-gw-01', events: [{ id: 'ign-gw-01:1', type: 'order_status', ts: '2026-11-25T08:00:00Z', site: '1710', order: '1', status: 'STARTED' }] });
const NOW = Date.UTC(2026, 10, 25, 8, 0, 0);

describe('batch signatures', () => {
  it('accepts a batch signed with the current secret', () => {
    const header = signBatch(BODY, SECRET, NOW);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const check = verifyBatchSignature({ header, rawBody: BODY, secrets: [SECRET, OLD], nowMs: NOW + 1000 });
    expect(check).toMatchObject({ ok: true, timestamp: Math.floor(NOW / 1000), secretIndex: 0 });
  });

  it('signs exactly HMAC-SHA256 over "<t>.<body>" (a known answer, computed independently with openssl)', () => {
    // printf '1764057600.{"a":1}' | openssl dgst -sha256 -hmac 'k'
    expect(batchSignature('k', 1764057600, '{"a":1}')).toBe('301ce550d0fd043b62f3c2ff0bbcddf46b8fb8b326f1349637adb0cbe2c469ad');
  });

  it('refuses a tampered body', () => {
    const header = signBatch(BODY, SECRET, NOW);
    const tampered = BODY.replace('STARTED', 'PAUSED');
    expect(verifyBatchSignature({ header, rawBody: tampered, secrets: [SECRET], nowMs: NOW })).toEqual({ ok: false, reason: 'mismatch' });
    // One more byte of whitespace is a different body too: the signature covers the raw bytes.
    expect(verifyBatchSignature({ header, rawBody: BODY + ' ', secrets: [SECRET], nowMs: NOW })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a timestamp outside the window, either way, and accepts one at its edge', () => {
    const header = signBatch(BODY, SECRET, NOW);
    const w = SIGNATURE_WINDOW_S * 1000;
    expect(verifyBatchSignature({ header, rawBody: BODY, secrets: [SECRET], nowMs: NOW + w + 1000 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifyBatchSignature({ header, rawBody: BODY, secrets: [SECRET], nowMs: NOW - w - 1000 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifyBatchSignature({ header, rawBody: BODY, secrets: [SECRET], nowMs: NOW + w }).ok).toBe(true);
  });

  it('refuses a timestamp changed after signing (it is part of what is signed)', () => {
    const header = signBatch(BODY, SECRET, NOW).replace(/^t=(\d+)/, (_m, t: string) => `t=${Number(t) + 1}`);
    expect(verifyBatchSignature({ header, rawBody: BODY, secrets: [SECRET], nowMs: NOW })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a batch signed with a wrong secret', () => {
    const header = signBatch(BODY, 'not-the-gateway-secret-at-all-0123456789', NOW);
    expect(verifyBatchSignature({ header, rawBody: BODY, secrets: [SECRET, OLD], nowMs: NOW })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyBatchSignature({ header, rawBody: BODY, secrets: [], nowMs: NOW })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('accepts the previous secret during a rotation, and says so; not once it is gone', () => {
    const header = signBatch(BODY, OLD, NOW);
    expect(verifyBatchSignature({ header, rawBody: BODY, secrets: [SECRET, OLD], nowMs: NOW })).toMatchObject({ ok: true, secretIndex: 1 });
    expect(verifyBatchSignature({ header, rawBody: BODY, secrets: [SECRET], nowMs: NOW })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('gives a replay the same replay key, whichever secret or header form signed it', () => {
    const t = Math.floor(NOW / 1000);
    const withCurrent = verifyBatchSignature({ header: signBatch(BODY, SECRET, NOW), rawBody: BODY, secrets: [SECRET, OLD], nowMs: NOW });
    const both = `t=${t},v1=${batchSignature(OLD, t, BODY)},v1=${batchSignature(SECRET, t, BODY)}`;
    const withBoth = verifyBatchSignature({ header: both, rawBody: BODY, secrets: [SECRET, OLD], nowMs: NOW });
    const withOld = verifyBatchSignature({ header: signBatch(BODY, OLD, NOW), rawBody: BODY, secrets: [SECRET, OLD], nowMs: NOW });
    expect(withCurrent.ok && withBoth.ok && withOld.ok).toBe(true);
    const keys = [withCurrent, withBoth, withOld].map((c) => (c.ok ? c.replayKey : ''));
    expect(new Set(keys).size).toBe(1);
    // A new timestamp (a re-signed retry) is a new request.
    const later = verifyBatchSignature({ header: signBatch(BODY, SECRET, NOW + 1000), rawBody: BODY, secrets: [SECRET], nowMs: NOW });
    expect(later.ok && later.replayKey).not.toBe(keys[0]);
  });

  it('refuses missing and malformed headers', () => {
    expect(verifyBatchSignature({ header: null, rawBody: BODY, secrets: [SECRET], nowMs: NOW })).toEqual({ ok: false, reason: 'missing' });
    expect(verifyBatchSignature({ header: '', rawBody: BODY, secrets: [SECRET], nowMs: NOW })).toEqual({ ok: false, reason: 'missing' });
    for (const bad of ['v1=abc', `t=abc,v1=${'a'.repeat(64)}`, `t=1,v1=${'z'.repeat(64)}`, `t=1,t=2,v1=${'a'.repeat(64)}`, 't=1', 'garbage']) {
      expect(verifyBatchSignature({ header: bad, rawBody: BODY, secrets: [SECRET], nowMs: NOW }), bad).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('parses headers with spaces, upper-case hex and unknown schemes', () => {
    expect(parseSignatureHeader(`t=12, v0=zzz, v1=${'AB'.repeat(32)}`)).toEqual({ timestamp: 12, signatures: ['ab'.repeat(32)] });
  });
});

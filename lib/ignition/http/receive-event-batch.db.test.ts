import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { resetEnvCache } from '@/lib/env';
import { authenticateApiKey } from '@/lib/auth/authenticate-api-key';
import type { Principal } from '@/lib/auth/principal';
import { principalFor, setupPlant } from '@/lib/testing/fixtures';
import { createGatewayKey, createGatewaySecret } from '@/prisma/seed-factories';
import { receiveEventBatch } from '@/lib/ignition/http/receive-event-batch';
import { rotateGatewaySecret } from '@/lib/ignition/http/rotate-gateway-secret';
import { sweepExpired } from '@/lib/ignition/http/replay-guard';
import { signBatch } from '@/lib/ignition/http/sign-batch';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';

// Gateway secrets are sealed under NEXTAUTH_SECRET; the test process has none of its own.
const MASTER = 'db-test-master-secret-0123456789abcdef0123456789';
process.env.NEXTAUTH_SECRET = MASTER;
resetEnvCache();

const T0 = Date.now() + 60_000;
let n = 0;
function batch(gateway = 'ign-gw-01', site = '1710') {
  n++;
  return JSON.stringify({
    gateway,
    events: [{ id: `${gateway}:${n}`, type: 'inventory_scan', ts: new Date(T0 + n * 1000).toISOString(), site, material: 'VLV-55', location: 'LINESIDE:L1', quantity: 100 + n, uom: 'EA' }],
  });
}

async function gatewayKeyPrincipal(gateway = 'ign-gw-01', siteIds = ['1710']): Promise<Principal> {
  const key = await createGatewayKey(db, { name: `key for ${gateway}`, gateway, siteIds });
  return (await authenticateApiKey(key))!;
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('receiveEventBatch (signed batches)', () => {
  let principal: Principal;
  let secret: string;

  beforeEach(async () => {
    await setupPlant();
    ({ signingSecret: secret } = await createGatewaySecret(db, { gatewayId: 'ign-gw-01', siteIds: ['1710'], masterSecret: MASTER }));
    principal = await gatewayKeyPrincipal();
  });

  afterEach(() => {
    delete process.env.IGNITION_REQUIRE_SIGNATURES;
    resetEnvCache();
  });

  it('stores the secret only encrypted', async () => {
    const row = await db.gateway.findUniqueOrThrow({ where: { id: 'ign-gw-01' } });
    expect(row.signingSecret).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('accepts a signed batch and stores its events before answering', async () => {
    const rawBody = batch();
    const result = await receiveEventBatch({ principal, rawBody, signatureHeader: signBatch(rawBody, secret) });
    expect(result).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(await db.plantEvent.count()).toBe(1);
    expect(await db.seenBatchSignature.count()).toBe(1);
  });

  it('refuses a replay of the same signed request, and stores nothing more', async () => {
    const rawBody = batch();
    const header = signBatch(rawBody, secret);
    await receiveEventBatch({ principal, rawBody, signatureHeader: header });
    const e = await refusal(receiveEventBatch({ principal, rawBody, signatureHeader: header }));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message).toMatch(/replay/);
    expect(await db.plantEvent.count()).toBe(1);
  });

  it('lets exactly one of three concurrent identical requests through', async () => {
    const rawBody = batch();
    const header = signBatch(rawBody, secret);
    const results = await Promise.allSettled([1, 2, 3].map(() => receiveEventBatch({ principal, rawBody, signatureHeader: header })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && (r.reason as AppError).code === 'UNAUTHENTICATED')).toHaveLength(2);
    expect(await db.plantEvent.count()).toBe(1);
  });

  it('refuses a tampered body, a skewed timestamp, a wrong secret and a missing signature, storing nothing', async () => {
    const rawBody = batch();
    const cases: [string, string | null, RegExp][] = [
      [rawBody.replace('"quantity":', '"quantity":1'), signBatch(rawBody, secret), /does not match/],
      [rawBody, signBatch(rawBody, secret, Date.now() - 301_000), /300 s/],
      [rawBody, signBatch(rawBody, secret, Date.now() + 301_000), /300 s/],
      [rawBody, signBatch(rawBody, 'some-other-secret-0123456789abcdef0123456'), /does not match/],
      [rawBody, null, /must sign/],
      [rawBody, 't=1,v1=zz', /malformed/],
    ];
    for (const [body, header, message] of cases) {
      const e = await refusal(receiveEventBatch({ principal, rawBody: body, signatureHeader: header }));
      expect(e.code).toBe('UNAUTHENTICATED');
      expect(e.message).toMatch(message);
    }
    expect(await db.plantEvent.count()).toBe(0);
    expect(await db.seenBatchSignature.count()).toBe(0);
  });

  it('checks the signature before the body: an unsigned bad body is a 401, a signed one a 400', async () => {
    const bad = JSON.stringify({ gateway: 'ign-gw-01', events: [] });
    expect((await refusal(receiveEventBatch({ principal, rawBody: bad, signatureHeader: null }))).code).toBe('UNAUTHENTICATED');
    const e = await refusal(receiveEventBatch({ principal, rawBody: bad, signatureHeader: signBatch(bad, secret) }));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.fieldErrors?.events).toBeDefined();
  });

  it('refuses a batch for another gateway than the key names, even when signed', async () => {
    const rawBody = batch('ign-gw-02');
    const e = await refusal(receiveEventBatch({ principal, rawBody, signatureHeader: signBatch(rawBody, secret) }));
    expect(e.code).toBe('FORBIDDEN');
    expect(await db.plantEvent.count()).toBe(0);
  });

  it('rejects events for sites outside the gateway, even when the key lists them', async () => {
    const wide = await gatewayKeyPrincipal('ign-gw-01', ['1710', '2000']);
    const rawBody = batch('ign-gw-01', '2000');
    const result = await receiveEventBatch({ principal: wide, rawBody, signatureHeader: signBatch(rawBody, secret) });
    expect(result.accepted).toBe(0);
    expect(result.rejected[0].errors[0]).toMatch(/2000/);
  });

  it('takes unsigned batches from a gateway without a secret, unless every gateway must sign', async () => {
    const other = await gatewayKeyPrincipal('ign-gw-07');
    const rawBody = batch('ign-gw-07');
    expect((await receiveEventBatch({ principal: other, rawBody, signatureHeader: null })).accepted).toBe(1);
    process.env.IGNITION_REQUIRE_SIGNATURES = 'true';
    resetEnvCache();
    const e = await refusal(receiveEventBatch({ principal: other, rawBody: batch('ign-gw-07'), signatureHeader: null }));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message).toMatch(/no signing secret/);
  });

  it('accepts the previous secret during a rotation, and not after its grace period', async () => {
    const admin = await principalFor('ADMIN');
    const rotated = await rotateGatewaySecret({ principal: admin, gatewayId: 'ign-gw-01', graceSeconds: 3600 });
    expect(rotated.secret).not.toBe(secret);
    const viaOld = batch();
    expect((await receiveEventBatch({ principal, rawBody: viaOld, signatureHeader: signBatch(viaOld, secret) })).accepted).toBe(1);
    const viaNew = batch();
    expect((await receiveEventBatch({ principal, rawBody: viaNew, signatureHeader: signBatch(viaNew, rotated.secret) })).accepted).toBe(1);
    // Past the grace period the old secret no longer opens anything.
    const later = Date.now() + 3601_000;
    const stale = batch();
    const e = await refusal(receiveEventBatch({ principal, rawBody: stale, signatureHeader: signBatch(stale, secret, later), nowMs: later }));
    expect(e.message).toMatch(/does not match/);
    const audit = await db.auditEvent.findMany({ where: { action: 'gateway.secret_rotated' } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0].data)).not.toContain(rotated.secret);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('lets only admins rotate secrets, and changes nothing otherwise', async () => {
    const before = await db.gateway.findUniqueOrThrow({ where: { id: 'ign-gw-01' } });
    const e = await refusal(rotateGatewaySecret({ principal: await principalFor('SUPERVISOR'), gatewayId: 'ign-gw-01' }));
    expect(e.code).toBe('FORBIDDEN');
    expect((await refusal(rotateGatewaySecret({ principal: await principalFor('ADMIN'), gatewayId: 'nope' }))).code).toBe('NOT_FOUND');
    expect(await db.gateway.findUniqueOrThrow({ where: { id: 'ign-gw-01' } })).toEqual(before);
  });

  it('sweeps replay records once their window has passed', async () => {
    const rawBody = batch();
    await receiveEventBatch({ principal, rawBody, signatureHeader: signBatch(rawBody, secret) });
    await db.seenBatchSignature.create({ data: { gatewayId: 'ign-gw-01', signature: 'old', expiresAt: new Date(Date.now() - 1000) } });
    await sweepExpired(new Date(Date.now() + 120_000));
    expect(await db.seenBatchSignature.count()).toBe(1);
  });
});

// POST /api/ignition/events as a gateway sends it over HTTP: Bearer key names
// the gateway, X-Signature signs the raw body. The demo gateway has a secret
// (npm start wrote it to .data/e2e/gateway-secret.txt), so it must sign.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { apiAs, asGateway, signedBatchHeaders } from './helpers';

let seq = 0;
function batch(n = 1, over: Record<string, unknown> = {}) {
  const run = `${Date.now()}-${++seq}`;
  return JSON.stringify({
    gateway: 'ign-gw-01',
    events: Array.from({ length: n }, (_, i) => ({
      id: `ign-gw-01:e2e-${run}-${i}`,
      type: 'inventory_scan',
      ts: new Date().toISOString(),
      site: '1710',
      material: 'VLV-55',
      location: 'LINESIDE:L1',
      quantity: 400 + i,
      uom: 'EA',
      ...over,
    })),
  });
}

const post = (gw: APIRequestContext, body: string, headers: Record<string, string>) => gw.post('/api/ignition/events', { headers, data: body });

test('a signed batch is accepted once; its replay, a tampered body, a stale or missing signature are 401', async () => {
  const gw = await asGateway();
  const body = batch(3);
  const headers = signedBatchHeaders(body);
  const ok = await post(gw, body, headers);
  expect(ok.status()).toBe(202);
  expect(await ok.json()).toEqual({ accepted: 3, duplicates: 0, rejected: [] });

  const replay = await post(gw, body, headers);
  expect(replay.status()).toBe(401);
  expect(((await replay.json()) as { error: { message: string } }).error.message).toMatch(/replay/);

  const tampered = await post(gw, body.replace('"quantity":400', '"quantity":999'), headers);
  expect(tampered.status()).toBe(401);
  const other = batch();
  expect((await post(gw, other, signedBatchHeaders(other, undefined, Date.now() - 301_000))).status()).toBe(401);
  expect((await post(gw, other, { 'content-type': 'application/json' })).status()).toBe(401);
  expect((await post(gw, other, signedBatchHeaders(other, 'a-wrong-secret-0123456789abcdef0123456789'))).status()).toBe(401);

  // Re-signed (a new timestamp), the same events are a new request: accepted, and counted as duplicates.
  const again = await post(gw, body, signedBatchHeaders(body, undefined, Date.now() + 1500));
  expect(again.status()).toBe(202);
  expect(await again.json()).toEqual({ accepted: 0, duplicates: 3, rejected: [] });
});

test('batch limits and per-event errors still hold behind the signature', async () => {
  const gw = await asGateway();
  const tooMany = batch(1001);
  const r1 = await post(gw, tooMany, signedBatchHeaders(tooMany));
  expect(r1.status()).toBe(400);
  expect(JSON.stringify(await r1.json())).toMatch(/1 to 1000/);

  const huge = JSON.stringify({ gateway: 'ign-gw-01', events: [{ pad: 'x'.repeat(2_100_000) }] });
  expect((await post(gw, huge, signedBatchHeaders(huge))).status()).toBe(413);

  const mixed = JSON.stringify({
    gateway: 'ign-gw-01',
    events: [
      JSON.parse(batch()).events[0],
      { id: 'ign-gw-01:bad', type: 'machine_state', ts: 'soon', site: '1710', work_center: 'WC-ASSY-05', state: 'BROKEN' },
      { ...JSON.parse(batch()).events[0], site: '9999' },
    ],
  });
  const r3 = await post(gw, mixed, signedBatchHeaders(mixed));
  expect(r3.status()).toBe(202);
  const result = (await r3.json()) as { accepted: number; rejected: { index: number }[] };
  expect(result.accepted).toBe(1);
  expect(result.rejected.map((r) => r.index)).toEqual([1, 2]);
});

test('a console session cannot send plant events, signed or not', async () => {
  const supervisor = await apiAs('supervisor');
  const body = batch();
  const res = await supervisor.post('/api/ignition/events', { headers: { ...signedBatchHeaders(body), 'x-requested-with': 'interlock' }, data: body });
  expect(res.status()).toBe(401);
});

// Every mutating endpoint, called as every role, anonymous and a gateway key:
// the status must be the one in the table, and a refused call changes nothing.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { anonymous, apiAs, asGateway, createErpOrder, signedBatchHeaders, waitForRecommendation, PASSWORD, type RoleName } from './helpers';

// admin2 is a second ADMIN (for four-eyes approvals): the same row as admin.
type Caller = Exclude<RoleName, 'admin2'> | 'anonymous' | 'gateway';
const CALLERS: Caller[] = ['anonymous', 'viewer', 'accountant', 'supervisor', 'admin', 'gateway'];

interface Fixture {
  recId: string;
  version: number;
}

interface Endpoint {
  name: string;
  call: (api: APIRequestContext, f: Fixture) => Promise<number>;
  /** Expected status per caller. Allowed callers get a request that passes authorization but changes nothing (stale version, unknown order, bad event). */
  expected: Record<Caller, number>;
}

const CSRF = { 'x-requested-with': 'interlock' };

const ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /api/recommendations/:id/decision',
    call: async (api, f) =>
      (await api.post(`/api/recommendations/${f.recId}/decision`, { headers: CSRF, data: { outcome: 'APPROVE', version: f.version + 99, password: PASSWORD } })).status(),
    expected: { anonymous: 401, viewer: 403, accountant: 403, supervisor: 409, admin: 409, gateway: 401 },
  },
  {
    name: 'POST /api/recommendations/request',
    call: async (api) => (await api.post('/api/recommendations/request', { headers: CSRF, data: { siteId: '1710', erpOrderId: '0000000' } })).status(),
    expected: { anonymous: 401, viewer: 403, accountant: 403, supervisor: 404, admin: 404, gateway: 401 },
  },
  {
    name: 'POST /api/recommendations/:id/recheck',
    call: async (api) => (await api.post('/api/recommendations/does-not-exist/recheck', { headers: CSRF })).status(),
    expected: { anonymous: 401, viewer: 403, accountant: 403, supervisor: 404, admin: 404, gateway: 401 },
  },
  // Policy changes: admins ask against a policy version that does not exist (409) or decide a request that does not (404).
  {
    name: 'POST /api/policies/changes',
    call: async (api) =>
      (
        await api.post('/api/policies/changes', {
          headers: CSRF,
          data: { type: 'ORDER_RELEASE', siteId: '1710', mode: 'AUTO', autoThreshold: 0.5, atRiskThreshold: 0.4, version: 999, reason: 'authorization matrix' },
        })
      ).status(),
    expected: { anonymous: 401, viewer: 403, accountant: 403, supervisor: 403, admin: 409, gateway: 401 },
  },
  {
    name: 'POST /api/policies/changes/:id',
    call: async (api) => (await api.post('/api/policies/changes/does-not-exist', { headers: CSRF, data: { action: 'approve', version: 1, password: PASSWORD } })).status(),
    expected: { anonymous: 401, viewer: 403, accountant: 403, supervisor: 403, admin: 404, gateway: 401 },
  },
  {
    name: 'POST /api/v1/feasibility/check',
    call: async (api) => (await api.post('/api/v1/feasibility/check', { data: { order_id: '', quantity: -1 } })).status(),
    expected: { anonymous: 401, viewer: 401, accountant: 401, supervisor: 401, admin: 401, gateway: 400 },
  },
  {
    name: 'POST /api/ignition/events',
    // Signed: the demo gateway has a signing secret, and an unsigned batch stops at the signature (401).
    call: async (api) => {
      const body = JSON.stringify({ gateway: 'ign-gw-01', events: [] });
      return (await api.post('/api/ignition/events', { headers: signedBatchHeaders(body), data: body })).status();
    },
    expected: { anonymous: 401, viewer: 401, accountant: 401, supervisor: 401, admin: 401, gateway: 400 },
  },
  // Model lifecycle: admins get a request that names no such version or request (404), or a stale active version (409).
  {
    name: 'POST /api/models/:engine/shadow',
    call: async (api) => (await api.post('/api/models/feasibility/shadow', { headers: CSRF, data: { version: 999 } })).status(),
    expected: { anonymous: 401, viewer: 403, accountant: 403, supervisor: 403, admin: 404, gateway: 401 },
  },
  {
    name: 'DELETE /api/models/:engine/shadow',
    call: async (api) => (await api.delete('/api/models/feasibility/shadow', { headers: CSRF, data: { version: 999 } })).status(),
    expected: { anonymous: 401, viewer: 403, accountant: 403, supervisor: 403, admin: 404, gateway: 401 },
  },
  {
    name: 'POST /api/models/:engine/promotions',
    call: async (api) => (await api.post('/api/models/feasibility/promotions', { headers: CSRF, data: { version: 999, reason: 'authorization matrix' } })).status(),
    expected: { anonymous: 401, viewer: 403, accountant: 403, supervisor: 403, admin: 404, gateway: 401 },
  },
  {
    name: 'POST /api/models/:engine/promotions/:id',
    call: async (api) => (await api.post('/api/models/feasibility/promotions/does-not-exist', { headers: CSRF, data: { action: 'cancel', version: 1 } })).status(),
    expected: { anonymous: 401, viewer: 403, accountant: 403, supervisor: 403, admin: 404, gateway: 401 },
  },
  {
    name: 'POST /api/models/:engine/rollback',
    call: async (api) =>
      (await api.post('/api/models/feasibility/rollback', { headers: CSRF, data: { fromVersion: 999, reason: 'authorization matrix', password: PASSWORD } })).status(),
    expected: { anonymous: 401, viewer: 403, accountant: 403, supervisor: 403, admin: 409, gateway: 401 },
  },
];

/** What any change would move: the audit trail's length, the recommendation, the policies and their change requests. */
async function snapshot(admin: APIRequestContext, f: Fixture) {
  const audit = (await (await admin.get('/api/audit?pageSize=1')).json()) as { total: number };
  const rec = (await (await admin.get(`/api/recommendations/${f.recId}`)).json()) as { status: string; version: number };
  const policies = (await (await admin.get('/api/policies')).json()) as { items: { version: number; mode: string }[] };
  const recs = (await (await admin.get('/api/recommendations?pageSize=1')).json()) as { total: number };
  const model = (await (await admin.get('/api/models/feasibility')).json()) as { versions: { version: number; status: string }[] };
  const promotions = (await (await admin.get('/api/models/feasibility/promotions')).json()) as { items: { status: string; version: number }[] };
  const policyChanges = (await (await admin.get('/api/policies/changes')).json()) as { items: { id: string; status: string; version: number }[] };
  return {
    audit: audit.total,
    rec: [rec.status, rec.version],
    policies: policies.items.map((p) => [p.mode, p.version]),
    recommendations: recs.total,
    models: model.versions.map((v) => [v.version, v.status]),
    promotions: promotions.items.map((p) => [p.status, p.version]),
    policyChanges: policyChanges.items.map((c) => [c.id, c.status, c.version]),
  };
}

test('authorization matrix: every mutating endpoint × every caller', async () => {
  const admin = await apiAs('admin');
  const erpOrderId = await createErpOrder();
  const rec = await waitForRecommendation(admin, erpOrderId);
  const fixture: Fixture = { recId: rec.id, version: rec.version };
  const contexts: Record<Caller, APIRequestContext> = {
    anonymous: await anonymous(),
    viewer: await apiAs('viewer'),
    accountant: await apiAs('accountant'),
    supervisor: await apiAs('supervisor'),
    admin,
    gateway: await asGateway(),
  };

  const failures: string[] = [];
  for (const endpoint of ENDPOINTS) {
    for (const caller of CALLERS) {
      const before = await snapshot(admin, fixture);
      const status = await endpoint.call(contexts[caller], fixture);
      const after = await snapshot(admin, fixture);
      if (status !== endpoint.expected[caller]) failures.push(`${endpoint.name} as ${caller}: ${status}, expected ${endpoint.expected[caller]}`);
      if (JSON.stringify(before) !== JSON.stringify(after)) failures.push(`${endpoint.name} as ${caller} changed state: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    }
  }
  expect(failures).toEqual([]);
});

test('a cookie-authenticated write without the CSRF header is refused', async () => {
  const admin = await apiAs('admin');
  const erpOrderId = await createErpOrder();
  const rec = await waitForRecommendation(admin, erpOrderId);
  const supervisor = await apiAs('supervisor');
  const res = await supervisor.post(`/api/recommendations/${rec.id}/decision`, { data: { outcome: 'APPROVE', version: rec.version, password: PASSWORD } });
  expect(res.status()).toBe(403);
  const after = (await (await admin.get(`/api/recommendations/${rec.id}`)).json()) as { status: string; version: number };
  expect(after).toMatchObject({ status: 'PENDING', version: rec.version });
});

test('bad input is a 400 with field errors, not a 500', async () => {
  const gateway = await asGateway();
  const res = await gateway.post('/api/v1/feasibility/check', { data: { order_id: 'X', material: 'VALVE-ASSY-55', quantity: 'many', required_work_center: 'WC-ASSY-05', due_date: 'soon', site: '1710' } });
  expect(res.status()).toBe(400);
  const body = (await res.json()) as { error: { fieldErrors: Record<string, string[]> } };
  expect(Object.keys(body.error.fieldErrors).sort()).toEqual(['due_date', 'quantity']);
  // A Buffer goes out byte for byte (Playwright would send a string that is not JSON as a JSON string), as signed.
  const notJson = await gateway.post('/api/ignition/events', { headers: signedBatchHeaders('{not json'), data: Buffer.from('{not json') });
  expect(notJson.status()).toBe(400);
});

// The SAP connector against the strict simulator: CSRF, paging, mapping,
// release semantics and every failure kind the port promises.
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caught } from '@/lib/erp/erp-test-helpers';
import { createErpConnector } from '@/lib/erp/create-erp-connector';
import { SapSimControlClient } from '@/lib/erp/simulator/sap-sim-control-client';
import type { CreateOrderRequest } from '@/lib/erp/simulator/sap-sim-control';
import { startSapSimulator, type SapSimulator } from '@/lib/erp/simulator/sap-simulator';
import { createSapConnector, type SapConnectorOptions } from './sap-connector';

const PASSWORD = 'interlock-demo';

const ORDER: CreateOrderRequest = {
  plant: '1710',
  material: 'VALVE-ASSY-55',
  quantity: 500,
  unit: 'EA',
  workCenter: 'WC-ASSY-05',
  plannedStart: '2025-06-01T06:00:00Z',
  plannedEnd: '2025-06-02T14:30:00Z',
  components: [
    { material: 'VLV-55', quantity: 500, unit: 'EA', storageLocation: '171A' },
    { material: 'BOLT-M8', quantity: 2000.5, unit: 'EA' },
  ],
};

describe('SAP connector against the simulator', () => {
  let sim: SapSimulator;
  let control: SapSimControlClient;

  const connector = (options: Partial<SapConnectorOptions> = {}) =>
    createSapConnector({ baseUrl: sim.url, user: 'INTERLOCK', password: PASSWORD, client: '100', ...options });

  beforeAll(async () => {
    sim = await startSapSimulator({ port: 0 });
    control = new SapSimControlClient(sim.url);
  });
  afterAll(() => sim.close());
  beforeEach(() => control.reset());

  describe('reads', () => {
    it('maps an order to the domain: dates, decimals, work center from the operation, components', async () => {
      const created = await control.createOrder({ ...ORDER, quantity: 12.5 });
      const order = await connector().getOrder('1710', created.id);
      expect(order).toEqual({
        erpOrderId: created.id,
        siteId: '1710',
        material: 'VALVE-ASSY-55',
        quantity: 12.5,
        uom: 'EA',
        workCenter: 'WC-ASSY-05',
        dueDate: new Date('2025-06-02T14:30:00Z'),
        scheduledStart: new Date('2025-06-01T06:00:00Z'),
        isReleased: false,
        etag: created.etag,
        components: [
          { material: 'VLV-55', quantity: 500, uom: 'EA', storageLocation: '171A' },
          { material: 'BOLT-M8', quantity: 2000.5, uom: 'EA' },
        ],
      });
    });

    it('returns null for an unknown order and for an order of another plant', async () => {
      const other = await control.createOrder({ ...ORDER, plant: '1010' });
      expect(await connector().getOrder('1710', '1999999')).toBeNull();
      expect(await connector().getOrder('1710', other.id)).toBeNull();
    });

    it('maps an order without operations to workCenter null', async () => {
      const created = await control.createOrder({ ...ORDER, workCenter: null });
      expect((await connector().getOrder('1710', created.id))?.workCenter).toBeNull();
    });

    it('pages through more unreleased orders than one page holds, and leaves out the rest', async () => {
      const expected: string[] = [];
      for (let i = 0; i < 12; i += 1) expected.push((await control.createOrder({ ...ORDER, quantity: 100 + i + 0.25 })).id);
      await control.createOrder({ ...ORDER, released: true });
      await control.createOrder({ ...ORDER, plant: '1010' });
      await control.createOrder({ ...ORDER, markedForDeletion: true });
      await control.resetStats();

      const orders = await connector({ pageSize: 5 }).findUnreleasedOrders('1710');
      expect(orders.map((o) => o.erpOrderId)).toEqual(expected);
      expect(orders.map((o) => o.quantity)).toEqual(expected.map((_, i) => 100 + i + 0.25));
      expect(orders.every((o) => o.dueDate.toISOString() === '2025-06-02T14:30:00.000Z' && !o.isReleased && o.components.length === 2)).toBe(true);
      expect((await control.stats()).calls.list).toBe(3);
      const lists = (await control.requests()).filter((r) => r.target.includes('/A_ProductionOrder_2?'));
      expect(lists.map((r) => new URL(r.target, sim.url).searchParams.get('$skip'))).toEqual(['0', '5', '10']);
    });

    it('sends sap-client, JSON headers and Basic auth on every call', async () => {
      const created = await control.createOrder(ORDER);
      await connector().releaseOrder('1710', created.id);
      const requests = await control.requests();
      expect(requests.length).toBeGreaterThanOrEqual(3);
      for (const request of requests) {
        expect(new URL(request.target, sim.url).searchParams.get('sap-client')).toBe('100');
        expect(request.accept).toBe('application/json');
        expect(request.dataServiceVersion).toBe('2.0');
        expect(request.hasAuthorization).toBe(true);
      }
    });
  });

  describe('CSRF', () => {
    it('fetches the token once and reuses it, sending all session cookies', async () => {
      const a = await control.createOrder(ORDER);
      const b = await control.createOrder(ORDER);
      const sap = connector();
      await sap.releaseOrder('1710', a.id);
      await sap.releaseOrder('1710', b.id);
      expect((await control.stats()).calls['csrf-fetch']).toBe(1);
      const posts = (await control.requests()).filter((r) => r.method === 'POST');
      expect(posts).toHaveLength(2);
      for (const post of posts) {
        expect(post.csrf).toBe('token');
        expect(post.cookies).toEqual(expect.arrayContaining(['SAP_SESSIONID_S4H_100', 'sap-XSRF_S4H_100', 'sap-usercontext']));
      }
    });

    it('shares one token fetch between concurrent change requests', async () => {
      const ids = await Promise.all([1, 2, 3].map(async () => (await control.createOrder(ORDER)).id));
      const sap = connector();
      await Promise.all(ids.map((id) => sap.releaseOrder('1710', id)));
      expect((await control.stats()).calls['csrf-fetch']).toBe(1);
    });

    it('re-fetches once after a forced expiry and succeeds', async () => {
      const a = await control.createOrder(ORDER);
      const b = await control.createOrder(ORDER);
      const sap = connector();
      await sap.releaseOrder('1710', a.id);
      await control.setFaults({ expireCsrf: true });
      const result = await sap.releaseOrder('1710', b.id);
      expect(result.released).toBe(true);
      const stats = await control.stats();
      expect(stats.calls['csrf-fetch']).toBe(2);
      expect(stats.calls['csrf-rejected']).toBe(1);
      expect(stats.releases[b.id]).toBe(1);
    });

    it('falls back to the service root without a trailing slash when the slash form gives no token', async () => {
      const order = await control.createOrder(ORDER);
      await control.setFaults({ csrfOnlyWithoutSlash: true });
      expect((await connector().releaseOrder('1710', order.id)).released).toBe(true);
      const fetches = (await control.requests()).filter((r) => r.csrf === 'fetch').map((r) => new URL(r.target, sim.url).pathname);
      expect(fetches).toEqual(['/sap/opu/odata/sap/API_PRODUCTION_ORDER_2_SRV/', '/sap/opu/odata/sap/API_PRODUCTION_ORDER_2_SRV']);
    });

    it('is enforced by the simulator: a change request without token gets 403', async () => {
      const order = await control.createOrder(ORDER);
      const response = await fetch(`${sim.serviceRoot}/ReleaseOrder?ManufacturingOrder='${order.id}'&sap-client=100`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`INTERLOCK:${PASSWORD}`).toString('base64')}`, Accept: 'application/json' },
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('x-csrf-token')).toBe('Required');
      expect((await control.getOrder(order.id)).released).toBe(false);
    });

    it('gives up with AUTH when a fresh token is rejected too (cookies lost on the way)', async () => {
      const order = await control.createOrder(ORDER);
      // A proxy that strips cookies from POSTs: the token can never match a session.
      const stripCookiesOnPost: typeof fetch = (input, init) => {
        if (init?.method === 'POST' && init.headers) {
          const headers = { ...(init.headers as Record<string, string>) };
          delete headers.Cookie;
          return fetch(input, { ...init, headers });
        }
        return fetch(input, init);
      };
      const error = await caught(connector({ fetch: stripCookiesOnPost }).releaseOrder('1710', order.id));
      expect(error.kind).toBe('AUTH');
      expect(error.mayHaveCommitted).toBe(false);
      const stats = await control.stats();
      expect(stats.calls['csrf-rejected']).toBe(2);
      expect(stats.calls['csrf-fetch']).toBe(2);
      expect(stats.releaseCalls[order.id]).toBeUndefined();
    });
  });

  describe('release', () => {
    it('releases the order, and a second release reports already-released without a second change', async () => {
      const order = await control.createOrder(ORDER);
      const sap = connector();
      const first = await sap.releaseOrder('1710', order.id);
      expect(first.released).toBe(true);
      expect(first.messages).toEqual([{ code: 'ZSIM_PP/001', text: `Order ${order.id} released`, severity: 'success' }]);
      expect((await control.getOrder(order.id)).released).toBe(true);

      const second = await sap.releaseOrder('1710', order.id);
      expect(second.released).toBe(true);
      expect(second.messages[0]).toMatchObject({ severity: 'info', text: `Order ${order.id} is already released` });
      const stats = await control.stats();
      expect(stats.releases[order.id]).toBe(1);
      expect(stats.releaseCalls[order.id]).toBe(2);
      expect((await sap.getOrder('1710', order.id))?.isReleased).toBe(true);
    });

    it('keeps sap-message header warnings as messages', async () => {
      const order = await control.createOrder(ORDER);
      await control.setFaults({ sapMessageNext: { code: 'ZSIM_PP/020', message: 'Missing parts for BOLT-M8', severity: 'warning' } });
      const result = await connector().releaseOrder('1710', order.id);
      expect(result.messages).toContainEqual({ code: 'ZSIM_PP/020', text: 'Missing parts for BOLT-M8', severity: 'warning' });
    });

    it('throws NOT_FOUND with the SAP message for an unknown order', async () => {
      const error = await caught(connector().releaseOrder('1710', '1999999'));
      expect(error.kind).toBe('NOT_FOUND');
      expect(error.message).toBe('Order 1999999 does not exist');
      expect(error.messages[0]).toMatchObject({ code: 'ZSIM_PP/004', text: 'Order 1999999 does not exist' });
    });

    it('throws NOT_FOUND for an order of another plant and does not release it', async () => {
      const other = await control.createOrder({ ...ORDER, plant: '1010' });
      const error = await caught(connector().releaseOrder('1710', other.id));
      expect(error.kind).toBe('NOT_FOUND');
      expect((await control.getOrder(other.id)).released).toBe(false);
      expect((await control.stats()).calls.release).toBeUndefined();
    });

    it('throws BUSINESS with the errordetail text for a locked order', async () => {
      const order = await control.createOrder(ORDER);
      await control.setFaults({ lockOrder: order.id });
      const error = await caught(connector().releaseOrder('1710', order.id));
      expect(error.kind).toBe('BUSINESS');
      expect(error.status).toBe(400);
      expect(error.message).toBe(`Order ${order.id} is locked by user PLANNER01`);
      expect(error.messages.map((m) => m.code)).toEqual(['ZSIM_PP/011', 'ZSIM_PP/010']);
      expect((await control.getOrder(order.id)).released).toBe(false);
    });

    it("throws BUSINESS for SystemMessageType 'E' even inside a 200", async () => {
      const order = await control.createOrder(ORDER);
      const refusingRelease: typeof fetch = async (input, init) => {
        if (String(input).includes('/ReleaseOrder?')) {
          const body = { d: { ReleaseOrder: { SystemMessageType: 'E', SystemMessageIdentification: 'CO', SystemMessageNumber: '999', SystemMessageLongText: 'Order has no routing' } } };
          return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
        }
        return fetch(input, init);
      };
      const error = await caught(connector({ fetch: refusingRelease }).releaseOrder('1710', order.id));
      expect(error.kind).toBe('BUSINESS');
      expect(error.message).toBe('Order has no routing');
      expect(error.messages).toEqual([{ code: 'CO/999', text: 'Order has no routing', severity: 'error' }]);
    });
  });

  describe('failures', () => {
    it('maps 429 with Retry-After to TRANSIENT with retryAfterSeconds', async () => {
      const order = await control.createOrder(ORDER);
      await control.setFaults({ failNext: { count: 1, status: 429, retryAfter: 7 } });
      const error = await caught(connector().getOrder('1710', order.id));
      expect(error).toMatchObject({ kind: 'TRANSIENT', status: 429, retryAfterSeconds: 7, mayHaveCommitted: false });
    });

    it('maps 503 to TRANSIENT', async () => {
      await control.createOrder(ORDER);
      await control.setFaults({ failNext: { count: 1, status: 503 } });
      const error = await caught(connector().findUnreleasedOrders('1710'));
      expect(error).toMatchObject({ kind: 'TRANSIENT', status: 503, mayHaveCommitted: false });
    });

    it('maps a reset after commit on the POST to TRANSIENT in doubt, while SAP did release', async () => {
      const order = await control.createOrder(ORDER);
      await control.setFaults({ resetNext: { count: 1, when: 'after-commit' } });
      const sap = connector();
      const error = await caught(sap.releaseOrder('1710', order.id));
      expect(error.kind).toBe('TRANSIENT');
      expect(error.mayHaveCommitted).toBe(true);
      // The order IS released: a caller must read back before retrying or reporting failure.
      expect((await control.getOrder(order.id)).released).toBe(true);
      expect((await sap.getOrder('1710', order.id))?.isReleased).toBe(true);
      const retry = await sap.releaseOrder('1710', order.id);
      expect(retry.released).toBe(true);
      expect((await control.stats()).releases[order.id]).toBe(1);
    });

    it('reports a reset before commit as in doubt too (the client cannot tell), and nothing changed', async () => {
      const order = await control.createOrder(ORDER);
      await control.setFaults({ resetNext: { count: 1, when: 'before-commit' } });
      const error = await caught(connector().releaseOrder('1710', order.id));
      expect(error).toMatchObject({ kind: 'TRANSIENT', mayHaveCommitted: true });
      expect((await control.getOrder(order.id)).released).toBe(false);
    });

    it('honours the timeout on reads', async () => {
      const order = await control.createOrder(ORDER);
      await control.setFaults({ latencyMs: 1000 });
      const started = Date.now();
      const error = await caught(connector({ timeoutMs: 150 }).getOrder('1710', order.id));
      expect(Date.now() - started).toBeLessThan(800);
      expect(error.kind).toBe('TRANSIENT');
      expect(error.message).toMatch(/timed out after 150 ms/);
      expect(error.mayHaveCommitted).toBe(false);
    });

    it('marks a timed-out release as in doubt, and SAP may indeed commit it afterwards', async () => {
      const order = await control.createOrder(ORDER);
      await control.setFaults({ latencyMs: 400, latencyOn: 'change' });
      const error = await caught(connector({ timeoutMs: 150 }).releaseOrder('1710', order.id));
      expect(error).toMatchObject({ kind: 'TRANSIENT', mayHaveCommitted: true });
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect((await control.getOrder(order.id)).released).toBe(true);
    });

    it('keeps at most maxConcurrent calls in flight at the simulator', async () => {
      const order = await control.createOrder(ORDER);
      await control.setFaults({ latencyMs: 60 });
      await control.resetStats();
      const sap = connector({ maxConcurrent: 2 });
      await Promise.all(Array.from({ length: 8 }, () => sap.getOrder('1710', order.id)));
      expect((await control.stats()).maxInFlight).toBe(2);

      await control.resetStats();
      await Promise.all(Array.from({ length: 10 }, () => connector().getOrder('1710', order.id).then(() => undefined)));
      // Ten separate connectors: ten systems as far as the cap knows.
      expect((await control.stats()).maxInFlight).toBeGreaterThan(4);

      await control.resetStats();
      const shared = connector();
      await Promise.all(Array.from({ length: 10 }, () => shared.getOrder('1710', order.id)));
      expect((await control.stats()).maxInFlight).toBe(4);
    });

    it('maps wrong credentials and a wrong client to AUTH, and never shows the password', async () => {
      const order = await control.createOrder(ORDER);
      const wrongPassword = await caught(connector({ password: 'not-the-password' }).getOrder('1710', order.id));
      expect(wrongPassword).toMatchObject({ kind: 'AUTH', status: 401 });
      const wrongClient = await caught(connector({ client: '200' }).getOrder('1710', order.id));
      expect(wrongClient.kind).toBe('AUTH');
      const sap = connector();
      for (const shown of [inspect(sap, { depth: 5 }), JSON.stringify(sap), inspect(wrongPassword, { depth: 5 }), wrongPassword.message]) {
        expect(shown).not.toContain(PASSWORD);
        expect(shown).not.toContain(Buffer.from(`INTERLOCK:${PASSWORD}`).toString('base64'));
      }
    });

    it('maps a wrong service path to PROTOCOL, not to "no such order"', async () => {
      const order = await control.createOrder(ORDER);
      const error = await caught(connector({ baseUrl: `${sim.url}/elsewhere` }).getOrder('1710', order.id));
      expect(error.kind).toBe('PROTOCOL');
      expect(error.status).toBe(404);
    });

    it('maps a refused connection to TRANSIENT', async () => {
      const closed = await startSapSimulator({ port: 0 });
      const url = closed.url;
      await closed.close();
      const error = await caught(connector({ baseUrl: url }).findUnreleasedOrders('1710'));
      expect(error).toMatchObject({ kind: 'TRANSIENT', mayHaveCommitted: false });
      expect(error.message).toContain('ECONNREFUSED');
    });

    it('throws PROTOCOL when an answer does not match the contract', async () => {
      const order = await control.createOrder(ORDER);
      const numberQuantities: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).includes('/A_ProductionOrder_2(')) return response;
        const body = (await response.json()) as { d: Record<string, unknown> };
        body.d.TotalQuantity = 500;
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      };
      const error = await caught(connector({ fetch: numberQuantities }).getOrder('1710', order.id));
      expect(error.kind).toBe('PROTOCOL');
      expect(error.message).toContain('TotalQuantity');
    });
  });

  describe('createErpConnector', () => {
    it('builds the SAP connector for system SAP and the Oracle one for ORACLE', async () => {
      const order = await control.createOrder(ORDER);
      const sap = createErpConnector({ system: 'SAP', baseUrl: sim.url, user: 'INTERLOCK', password: PASSWORD, client: '100', timeoutMs: 5000, maxConcurrent: 2 });
      expect(sap.system).toBe('SAP');
      expect((await sap.getOrder('1710', order.id))?.erpOrderId).toBe(order.id);
      expect(createErpConnector({ system: 'ORACLE', baseUrl: 'http://127.0.0.1:1', user: 'u', password: 'p' }).system).toBe('ORACLE');
    });
  });
});

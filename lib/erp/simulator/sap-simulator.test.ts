// The simulator on the wire, with plain fetch: it must be as strict as SAP
// Gateway about logon, CSRF, shapes and names, or connector tests prove little.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_BOMS, DEMO_ROUTING, DEMO_WORK_CENTERS } from '@/prisma/demo-plant';
import { defaultEdmxPath } from './sap-sim-model';
import { SapSimControlClient } from './sap-sim-control-client';
import { startSapSimulator, type SapSimulator } from './sap-simulator';

const AUTH = `Basic ${Buffer.from('INTERLOCK:interlock-demo').toString('base64')}`;
const JSON_HEADERS = { Authorization: AUTH, Accept: 'application/json', DataServiceVersion: '2.0' };

interface Session {
  token: string;
  cookie: string;
  setCookies: string[];
}

async function fetchToken(root: string, init: { method?: string; path?: string } = {}): Promise<Session> {
  const response = await fetch(`${root}${init.path ?? '/'}?sap-client=100`, { method: init.method ?? 'GET', headers: { ...JSON_HEADERS, 'x-csrf-token': 'Fetch' } });
  expect(response.status).toBe(200);
  const setCookies = response.headers.getSetCookie();
  return {
    token: response.headers.get('x-csrf-token') ?? '',
    cookie: setCookies.map((c) => c.split(';')[0]).join('; '),
    setCookies,
  };
}

function release(root: string, id: string, session: Partial<Session>): Promise<Response> {
  const headers: Record<string, string> = { ...JSON_HEADERS };
  if (session.token) headers['x-csrf-token'] = session.token;
  if (session.cookie) headers.Cookie = session.cookie;
  return fetch(`${root}/ReleaseOrder?ManufacturingOrder=${encodeURIComponent(`'${id}'`)}&sap-client=100`, { method: 'POST', headers });
}

const ORDER = {
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

describe('SAP simulator on the wire', () => {
  let sim: SapSimulator;
  let control: SapSimControlClient;
  let root: string;

  beforeAll(async () => {
    sim = await startSapSimulator({ port: 0 });
    control = new SapSimControlClient(sim.url);
    root = sim.serviceRoot;
  });
  afterAll(() => sim.close());
  beforeEach(() => control.reset());

  describe('logon', () => {
    it('answers 401 with the NetWeaver realm without credentials or with a wrong password', async () => {
      const attempts: Record<string, string>[] = [
        { Accept: 'application/json' },
        { Accept: 'application/json', Authorization: `Basic ${Buffer.from('INTERLOCK:wrong').toString('base64')}` },
      ];
      for (const headers of attempts) {
        const response = await fetch(`${root}/A_ProductionOrder_2`, { headers });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Basic realm="SAP NetWeaver Application Server"');
      }
    });

    it('answers 401 for another sap-client and accepts the default client when none is given', async () => {
      expect((await fetch(`${root}/A_ProductionOrder_2?sap-client=200`, { headers: JSON_HEADERS })).status).toBe(401);
      expect((await fetch(`${root}/A_ProductionOrder_2`, { headers: JSON_HEADERS })).status).toBe(200);
    });
  });

  describe('CSRF', () => {
    it('hands out a token and the three session cookies on GET and HEAD of the root and on $metadata', async () => {
      for (const init of [{ method: 'GET', path: '/' }, { method: 'HEAD', path: '/' }, { method: 'GET', path: '/$metadata' }]) {
        const session = await fetchToken(root, init);
        expect(session.token).toMatch(/^[A-Za-z0-9+/]{22}==$/);
        const names = session.setCookies.map((c) => c.split('=')[0]);
        expect(names).toEqual(['SAP_SESSIONID_S4H_100', 'sap-usercontext', 'sap-XSRF_S4H_100']);
        expect(session.setCookies[1]).toMatch(/^sap-usercontext=sap-client=100;/);
      }
    });

    it('rejects a change without token, without cookies or with another session, and accepts the matching pair', async () => {
      const order = await control.createOrder(ORDER);
      const a = await fetchToken(root);
      const b = await fetchToken(root);
      for (const attempt of [{}, { token: a.token }, { cookie: a.cookie }, { token: a.token, cookie: b.cookie }]) {
        const response = await release(root, order.id, attempt);
        expect(response.status).toBe(403);
        expect(response.headers.get('x-csrf-token')).toBe('Required');
        expect(await response.text()).toBe('CSRF token validation failed');
      }
      expect((await release(root, order.id, a)).status).toBe(200);
      const stats = await control.stats();
      expect(stats.calls['csrf-rejected']).toBe(4);
      expect(stats.releases[order.id]).toBe(1);
    });

    it('keeps the token for a live session and expires tokens after the TTL', async () => {
      let clock = Date.parse('2025-06-01T08:00:00Z');
      const timed = await startSapSimulator({ csrfTtlMs: 60_000, now: () => new Date(clock) });
      try {
        const order = timed.state.createOrder({ ...ORDER, plannedStart: new Date(ORDER.plannedStart), plannedEnd: new Date(ORDER.plannedEnd) });
        const first = await fetchToken(timed.serviceRoot);
        const again = await fetch(`${timed.serviceRoot}/?sap-client=100`, { headers: { ...JSON_HEADERS, 'x-csrf-token': 'Fetch', Cookie: first.cookie } });
        expect(again.headers.get('x-csrf-token')).toBe(first.token);
        clock += 61_000;
        expect((await release(timed.serviceRoot, order.id, first)).status).toBe(403);
      } finally {
        await timed.close();
      }
    });

    it('expires every token on the expireCsrf fault', async () => {
      const order = await control.createOrder(ORDER);
      const session = await fetchToken(root);
      await control.setFaults({ expireCsrf: true });
      expect((await release(root, order.id, session)).status).toBe(403);
      expect((await release(root, order.id, await fetchToken(root))).status).toBe(200);
    });
  });

  describe('reads', () => {
    it('serves the contract EDMX as $metadata', async () => {
      const response = await fetch(`${root}/$metadata`, { headers: { Authorization: AUTH } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/xml');
      expect(await response.text()).toBe(readFileSync(defaultEdmxPath(), 'utf8'));
    });

    it('answers a collection in the V2 shape with inline count, paging and the filter', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) ids.push((await control.createOrder(ORDER)).id);
      await control.createOrder({ ...ORDER, released: true });
      await control.createOrder({ ...ORDER, plant: '1010' });
      const filter = encodeURIComponent("ProductionPlant eq '1710' and OrderIsReleased eq ''");
      const response = await fetch(`${root}/A_ProductionOrder_2?$filter=${filter}&$top=2&$skip=1&$inlinecount=allpages&$orderby=ManufacturingOrder&sap-client=100`, {
        headers: JSON_HEADERS,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = (await response.json()) as { d: { __count: string; results: Record<string, unknown>[] } };
      expect(body.d.__count).toBe('5');
      expect(body.d.results.map((r) => r.ManufacturingOrder)).toEqual([ids[1], ids[2]]);
      const first = body.d.results[0];
      expect(first.__metadata).toEqual({
        id: `${root}/A_ProductionOrder_2('${ids[1]}')`,
        uri: `${root}/A_ProductionOrder_2('${ids[1]}')`,
        type: 'API_PRODUCTION_ORDER_2_SRV.A_ProductionOrder_2Type',
        etag: expect.stringMatching(/^W\/"'\d{14}'"$/),
      });
      expect(first.TotalQuantity).toBe('500.000');
      expect(first.MfgOrderPlannedEndDate).toBe(`/Date(${Date.parse('2025-06-02T00:00:00Z')})/`);
      expect(first.MfgOrderPlannedEndTime).toBe('PT14H30M00S');
      expect(first.OrderIsReleased).toBe('');
      expect(first.OrderIsCreated).toBe('X');
      // Every property of the type is present, with initial values, as Gateway sends them.
      expect(first.MfgOrderConfirmedYieldQty).toBe('0.000');
      expect(first.MfgOrderActualReleaseDate).toBeNull();
      expect(first.to_ProductionOrderComponent).toEqual({ __deferred: { uri: `${root}/A_ProductionOrder_2('${ids[1]}')/to_ProductionOrderComponent` } });
    });

    it('answers a single entity with an ETag header equal to __metadata.etag, and expands components', async () => {
      const order = await control.createOrder(ORDER);
      const response = await fetch(`${root}/A_ProductionOrder_2('${order.id}')?$expand=to_ProductionOrderComponent,to_ProductionOrderOperation&$format=json`, {
        headers: { Authorization: AUTH },
      });
      expect(response.status).toBe(200);
      const { d } = (await response.json()) as { d: Record<string, unknown> & { __metadata: { etag: string } } };
      expect(response.headers.get('etag')).toBe(d.__metadata.etag);
      expect(d.__metadata.etag).toBe(`W/"'${order.lastChange}'"`);
      const components = (d.to_ProductionOrderComponent as { results: Record<string, unknown>[] }).results;
      expect(components.map((c) => [c.Material, c.RequiredQuantity, c.BaseUnit, c.StorageLocation])).toEqual([
        ['VLV-55', '500.000', 'EA', '171A'],
        ['BOLT-M8', '2000.500', 'EA', ''],
      ]);
      expect((components[0].__metadata as { type: string }).type).toBe('API_PRODUCTION_ORDER_2_SRV.A_ProductionOrderComponent_2Type');
      const operations = (d.to_ProductionOrderOperation as { results: Record<string, unknown>[] }).results;
      expect(operations.map((o) => o.WorkCenter)).toEqual(['WC-ASSY-05']);
    });

    it('answers $count as text and $select with only the selected properties', async () => {
      await control.createOrder(ORDER);
      const count = await fetch(`${root}/A_ProductionOrder_2/$count`, { headers: JSON_HEADERS });
      expect(await count.text()).toBe('1');
      const selected = await fetch(`${root}/A_ProductionOrder_2?$select=ManufacturingOrder,TotalQuantity`, { headers: JSON_HEADERS });
      const body = (await selected.json()) as { d: { results: Record<string, unknown>[] } };
      expect(Object.keys(body.d.results[0])).toEqual(['__metadata', 'ManufacturingOrder', 'TotalQuantity']);
    });
  });

  describe('errors', () => {
    async function expectSapError(response: Response, status: number, code: RegExp) {
      expect(response.status).toBe(status);
      const body = (await response.json()) as { error: { code: string; message: { lang: string; value: string }; innererror: { errordetails: unknown[] } } };
      expect(body.error.code).toMatch(code);
      expect(body.error.message.lang).toBe('en');
      expect(Array.isArray(body.error.innererror.errordetails)).toBe(true);
      return body;
    }

    it('answers 400 with the SAP payload for an unknown property in $filter and an unknown entity set', async () => {
      const filter = encodeURIComponent("WorkCenter eq 'WC-ASSY-05'");
      const bad = await expectSapError(await fetch(`${root}/A_ProductionOrder_2?$filter=${filter}`, { headers: JSON_HEADERS }), 400, /^\/IWBEP\//);
      expect(bad.error.message.value).toContain('WorkCenter');
      await expectSapError(await fetch(`${root}/A_NoSuchSet`, { headers: JSON_HEADERS }), 400, /^\/IWBEP\//);
      await expectSapError(await fetch(`${root}/A_ProductionOrder_2?$top=-1`, { headers: JSON_HEADERS }), 400, /^\/IWBEP\//);
    });

    it('answers 404 for a wrong path and for an unknown key', async () => {
      const wrong = await fetch(`${sim.url}/sap/opu/odata/sap/NOPE_SRV/`, { headers: JSON_HEADERS });
      expect(wrong.status).toBe(404);
      expect(wrong.headers.get('content-type')).toContain('text/html');
      const missing = await expectSapError(await fetch(`${root}/A_ProductionOrder_2('1999999')`, { headers: JSON_HEADERS }), 404, /./);
      expect(missing.error.message.value).toBe('Order 1999999 does not exist');
    });

    it('answers 405 to GET on the ReleaseOrder function import', async () => {
      const response = await fetch(`${root}/ReleaseOrder?ManufacturingOrder='1000000'`, { headers: JSON_HEADERS });
      await expectSapError(response, 405, /./);
    });

    it('answers 406 when JSON is not asked for (it does not speak Atom)', async () => {
      const response = await fetch(`${root}/A_ProductionOrder_2`, { headers: { Authorization: AUTH } });
      expect(response.status).toBe(406);
    });

    it('enforces If-Match on updates: 428 without, 412 when stale', async () => {
      const order = await control.createOrder(ORDER);
      const session = await fetchToken(root);
      const patch = (ifMatch?: string) =>
        fetch(`${root}/A_ProductionOrder_2('${order.id}')`, {
          method: 'PATCH',
          headers: { ...JSON_HEADERS, 'Content-Type': 'application/json', 'x-csrf-token': session.token, Cookie: session.cookie, ...(ifMatch ? { 'If-Match': ifMatch } : {}) },
          body: JSON.stringify({ TotalQuantity: '10' }),
        });
      expect((await patch()).status).toBe(428);
      expect((await patch(`W/"'19990101000000'"`)).status).toBe(412);
    });
  });

  describe('ReleaseOrder', () => {
    it('releases once, reports already released afterwards, and moves LastChangeDateTime', async () => {
      const order = await control.createOrder(ORDER);
      const session = await fetchToken(root);
      const first = await release(root, order.id, session);
      expect(first.status).toBe(200);
      const firstBody = (await first.json()) as { d: { ReleaseOrder: Record<string, string> } };
      expect(firstBody.d.ReleaseOrder).toMatchObject({ SystemMessageType: 'S', SystemMessageLongText: `Order ${order.id} released` });
      const afterFirst = await control.getOrder(order.id);
      expect(afterFirst.released).toBe(true);
      expect(afterFirst.lastChange > order.lastChange).toBe(true);

      const second = (await (await release(root, order.id, session)).json()) as { d: { ReleaseOrder: Record<string, string> } };
      expect(second.d.ReleaseOrder.SystemMessageType).toBe('I');
      expect(second.d.ReleaseOrder.SystemMessageLongText).toContain('already released');
      expect((await control.getOrder(order.id)).lastChange).toBe(afterFirst.lastChange);
      const stats = await control.stats();
      expect(stats.releases[order.id]).toBe(1);
      expect(stats.releaseCalls[order.id]).toBe(2);
    });

    it('answers 404 with the SAP payload for an unknown order and 400 with errordetails for a locked one', async () => {
      const session = await fetchToken(root);
      const unknown = await release(root, '1999999', session);
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { error: { message: { value: string } } }).error.message.value).toBe('Order 1999999 does not exist');

      const order = await control.createOrder(ORDER);
      await control.setFaults({ lockOrder: order.id });
      const locked = await release(root, order.id, session);
      expect(locked.status).toBe(400);
      const body = (await locked.json()) as { error: { innererror: { errordetails: { message: string; severity: string }[] } } };
      expect(body.error.innererror.errordetails[0]).toMatchObject({ message: `Order ${order.id} is locked by user PLANNER01`, severity: 'error' });
      expect((await control.getOrder(order.id)).released).toBe(false);
    });

    it('drops the connection after the commit on resetNext after-commit', async () => {
      const order = await control.createOrder(ORDER);
      const session = await fetchToken(root);
      await control.setFaults({ resetNext: { count: 1, when: 'after-commit' } });
      await expect(release(root, order.id, session)).rejects.toThrow();
      expect((await control.getOrder(order.id)).released).toBe(true);
    });
  });

  describe('control API', () => {
    it('validates fault requests and refuses to lock unknown orders', async () => {
      await expect(control.setFaults({ failNext: { count: 1, status: 418 } } as never)).rejects.toThrow(/400/);
      await expect(control.setFaults({ lockOrder: '1999999' })).rejects.toThrow(/404/);
    });

    it('answers injected 503 and 429 with Retry-After before logon', async () => {
      await control.setFaults({ failNext: { count: 2, status: 429, retryAfter: 3 } });
      const throttled = await fetch(`${root}/A_ProductionOrder_2`);
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('3');
      expect((await fetch(`${root}/A_ProductionOrder_2`)).status).toBe(429);
      expect((await fetch(`${root}/A_ProductionOrder_2`)).status).toBe(401);
    });
  });
});

describe('SAP simulator persistence and demo mode', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sap-sim-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps orders and the number range across a restart, and never reuses a number', async () => {
    const stateFile = path.join(dir, 'nested', 'erp-sim.json');
    const first = await startSapSimulator({ stateFile });
    const control = new SapSimControlClient(first.url);
    const a = await control.createOrder(ORDER);
    const b = await control.createOrder(ORDER);
    const session = await fetchToken(first.serviceRoot);
    expect((await release(first.serviceRoot, a.id, session)).status).toBe(200);
    await first.close();
    // Atomic write: the temp file is renamed away.
    expect(readdirSync(path.dirname(stateFile))).toEqual(['erp-sim.json']);

    const second = await startSapSimulator({ stateFile });
    try {
      const again = new SapSimControlClient(second.url);
      expect((await again.getOrder(a.id)).released).toBe(true);
      expect((await again.getOrder(b.id)).released).toBe(false);
      await again.reset();
      const c = await again.createOrder(ORDER);
      expect(Number(c.id)).toBeGreaterThan(Number(b.id));
    } finally {
      await second.close();
    }
  });

  it('refuses a state file it cannot read instead of overwriting it', async () => {
    const stateFile = path.join(dir, 'erp-sim.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(stateFile, '{"version":2}');
    await expect(startSapSimulator({ stateFile })).rejects.toThrow(/unexpected shape/);
    expect(readFileSync(stateFile, 'utf8')).toBe('{"version":2}');
  });

  it('seeds the demo plant and plans new orders from its routings and BOMs', async () => {
    const stateFile = path.join(dir, 'erp-sim.json');
    const before = Date.now();
    const demo = await startSapSimulator({ stateFile, demo: true, orderIntervalMs: 30 });
    let lastId: number;
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const orders = demo.state.listOrders();
      expect(orders.length).toBeGreaterThan(6);
      expect(orders[0].id).toBe('1000000');
      for (const order of orders) {
        expect(order.plant).toBe('1710');
        expect(order.released).toBe(false);
        expect(Object.keys(DEMO_ROUTING)).toContain(order.material);
        expect(order.workCenter).toBe(DEMO_ROUTING[order.material].workCenter);
        // One to eight hours of work at the work center's nominal rate.
        const rate = DEMO_WORK_CENTERS.find((w) => w.code === order.workCenter)?.ratePerHour ?? 0;
        expect(order.quantity).toBeGreaterThanOrEqual(Math.round(rate));
        expect(order.quantity).toBeLessThanOrEqual(Math.round(rate * 8));
        const hoursAhead = (Date.parse(order.plannedEnd) - before) / 3_600_000;
        expect(hoursAhead).toBeGreaterThan(3.9);
        expect(hoursAhead).toBeLessThan(48.1);
        const bom = DEMO_BOMS.find((b) => b.material === order.material);
        expect(order.components.map((c) => [c.material, c.quantity])).toEqual(bom?.items.map((i) => [i.component, i.quantity * order.quantity]));
      }
      lastId = Number(orders[orders.length - 1].id);
    } finally {
      await demo.close();
    }
    // A restart with the same state file neither reseeds nor reuses numbers.
    const restarted = await startSapSimulator({ stateFile, demo: true, orderIntervalMs: 0 });
    try {
      const count = restarted.state.orderCount;
      const next = restarted.state.createOrder({ ...ORDER, plannedStart: new Date(), plannedEnd: new Date() });
      expect(Number(next.id)).toBe(lastId + 1);
      expect(restarted.state.orderCount).toBe(count + 1);
    } finally {
      await restarted.close();
    }
    expect(existsSync(stateFile)).toBe(true);
  });
});

// The Oracle simulator on the wire, with plain fetch: logon, the two error
// formats by REST framework version, attribute checks, If-Match, the control
// API, and the document count per reference.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OracleSimControlClient } from './oracle-sim-control-client';
import { startOracleSimulator, type OracleSimulator } from './oracle-simulator';

const AUTH = `Basic ${Buffer.from('INTERLOCK:interlock-demo').toString('base64')}`;

describe('Oracle simulator on the wire', () => {
  let sim: OracleSimulator;
  let control: OracleSimControlClient;
  const call = (path: string, init: { method?: string; version?: string; body?: unknown; ifMatch?: string; auth?: string } = {}) =>
    fetch(`${sim.resourceRoot}/${path}`, {
      method: init.method ?? 'GET',
      headers: {
        Authorization: init.auth ?? AUTH,
        'REST-Framework-Version': init.version ?? '4',
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/vnd.oracle.adf.resourceitem+json' }),
        ...(init.ifMatch ? { 'If-Match': init.ifMatch } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  beforeAll(async () => {
    sim = await startOracleSimulator({ port: 0 });
    control = new OracleSimControlClient(sim.url);
  });
  afterAll(() => sim.close());
  beforeEach(() => control.reset());

  it('asks for credentials and refuses wrong ones', async () => {
    expect((await call('workOrders', { auth: '' })).status).toBe(401);
    expect((await call('workOrders', { auth: `Basic ${Buffer.from('INTERLOCK:x').toString('base64')}` })).status).toBe(401);
    expect((await call('workOrders')).status).toBe(200);
  });

  it('answers errors as ADF JSON from framework 4 and as text/plain before', async () => {
    const json = await call("workOrders?q=Nope='x'");
    expect(json.status).toBe(400);
    expect(json.headers.get('content-type')).toBe('application/vnd.oracle.adf.error+json');
    expect(((await json.json()) as { 'o:errorDetails': { detail: string }[] })['o:errorDetails'][0].detail).toContain('Nope');
    const text = await call("workOrders?q=Nope='x'", { version: '2' });
    expect(text.headers.get('content-type')).toContain('text/plain');
  });

  it('returns children as collections from framework 3 and as arrays before', async () => {
    await control.createWorkOrder({ item: 'FG', quantity: 1, plannedCompletion: '2026-06-02T00:00:00Z', materials: [{ item: 'RM', quantity: 1 }] });
    const v4 = (await (await call('workOrders?expand=WorkOrderMaterial')).json()) as { items: { WorkOrderMaterial: unknown }[] };
    expect(v4.items[0].WorkOrderMaterial).toMatchObject({ items: [{ ItemNumber: 'RM' }] });
    const v2 = (await (await call('workOrders?expand=WorkOrderMaterial', { version: '2' })).json()) as { items: { WorkOrderMaterial: unknown }[] };
    expect(v2.items[0].WorkOrderMaterial).toEqual([expect.objectContaining({ ItemNumber: 'RM' })]);
  });

  it('enforces If-Match on work-order changes and refuses attributes it does not know', async () => {
    const order = await control.createWorkOrder({ item: 'FG', quantity: 1, plannedStart: '2026-06-01T00:00:00Z', plannedCompletion: '2026-06-02T00:00:00Z' });
    expect((await call(`workOrders/${order.id}`, { method: 'PATCH', body: { PlannedCompletionDate: '2026-05-01T00:00:00Z', WorkOrderStatusCode: 'ORA_RELEASED' }, ifMatch: order.etag })).status).toBe(400);
    expect((await control.workOrders())[0]).toMatchObject({ status: 'ORA_UNRELEASED', plannedCompletion: '2026-06-02T00:00:00.000Z', version: 1 });
    expect((await call(`workOrders/${order.id}`, { method: 'PATCH', body: { WorkOrderStatusCode: 'ORA_RELEASED' }, ifMatch: '"stale"' })).status).toBe(412);
    expect((await call(`workOrders/${order.id}`, { method: 'PATCH', body: { Colour: 'red' }, ifMatch: order.etag })).status).toBe(400);
    const ok = await call(`workOrders/${order.id}`, { method: 'PATCH', body: { WorkOrderStatusCode: 'ORA_RELEASED' }, ifMatch: order.etag });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).not.toBe(order.etag);
  });

  it('validates control requests and counts postings per reference', async () => {
    await expect(control.createWorkOrder({ item: '', quantity: 1, plannedCompletion: 'x' })).rejects.toThrow(/400/);
    await control.setOnhand({ item: 'RM', subinventory: 'Stores', quantity: 5 });
    const post = await call('inventoryStagedTransactions', {
      method: 'POST',
      body: { OrganizationCode: 'M1', ItemNumber: 'RM', TransactionTypeName: 'Miscellaneous Receipt', TransactionQuantity: 2, TransactionUnitOfMeasure: 'Ea', SubinventoryCode: 'Stores', TransactionDate: new Date().toISOString(), TransactionReference: 'ILW1' },
    });
    expect(post.status).toBe(201);
    const deficit = (await (
      await call('inventoryStagedTransactions', {
        method: 'POST',
        body: { OrganizationCode: 'M1', ItemNumber: 'RM', TransactionTypeName: 'Miscellaneous Issue', TransactionQuantity: -50, TransactionUnitOfMeasure: 'Ea', SubinventoryCode: 'Stores', TransactionDate: new Date().toISOString(), AccountCombination: '5110', TransactionReference: 'ILW2' },
      })
    ).json()) as { ErrorCode: string };
    expect(deficit.ErrorCode).toBe('INV_NO_ONHAND');
    expect((await control.stats()).documents).toEqual({ total: 1, byReference: { ILW1: 1 }, withoutReference: 0, byType: { STAGED_TRANSACTION: 1 } });
  });
});

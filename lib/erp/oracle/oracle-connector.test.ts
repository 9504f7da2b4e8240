// The Oracle adapter against the Oracle simulator: work orders, every
// posting and its read-back by reference, line-level errors inside a 201,
// FBDI journal import with ESS polling, both error formats, and each fault
// with the in-doubt flag its failure mode must carry.
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ErpConnector } from '@/lib/erp/connector';
import { caught } from '@/lib/erp/erp-test-helpers';
import { createErpConnector } from '@/lib/erp/create-erp-connector';
import type { JournalEntryRequest } from '@/lib/erp/erp-requests.schema';
import { ORACLE_SIM_TOKEN_PATH, startOracleSimulator, type OracleSimulator } from '@/lib/erp/simulator/oracle-simulator';
import { OracleSimControlClient } from '@/lib/erp/simulator/oracle-sim-control-client';
import { createOracleConnector, type OracleConnectorOptions } from './oracle-connector';

const PASSWORD = 'interlock-demo';
const TODAY = new Date().toISOString().slice(0, 10);
const ORG = 'M1';

const JOURNAL: JournalEntryRequest = {
  currency: 'USD',
  documentDate: TODAY,
  postingDate: TODAY,
  headerText: 'Scrap variance',
  lines: [
    { glAccount: '101.10.5110.000', side: 'DEBIT', amount: 120.5, text: 'Scrap, valve line' },
    { glAccount: '101.10.1410.000', side: 'CREDIT', amount: 120.5 },
  ],
};

describe('Oracle adapter against the Oracle simulator', () => {
  let sim: OracleSimulator;
  let control: OracleSimControlClient;
  let orderNumber: string;

  const connector = (options: Partial<OracleConnectorOptions> = {}): ErpConnector =>
    createOracleConnector({
      baseUrl: sim.url,
      auth: { kind: 'basic', user: 'INTERLOCK', password: PASSWORD },
      readBackSettleMs: 1000,
      ...options,
      config: { erpIntegrations: { pollIntervalMs: 20, pollTimeoutMs: 2000 }, ...options.config },
    });

  const issue = (quantity = 5) => ({ kind: 'GOODS_ISSUE' as const, order: orderNumber, items: [{ material: 'VLV-55', quantity, uom: 'Ea', storageLocation: 'Stores' }] });

  beforeAll(async () => {
    sim = await startOracleSimulator({ port: 0 });
    control = new OracleSimControlClient(sim.url);
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await control.reset();
    const order = await control.createWorkOrder({
      organization: ORG,
      item: 'VALVE-ASSY-55',
      quantity: 100,
      plannedStart: '2026-06-01T06:00:00Z',
      plannedCompletion: '2026-06-02T14:30:00Z',
      workCenter: 'WC-ASSY-05',
      materials: [
        { item: 'VLV-55', quantity: 100 },
        { item: 'SEAL-KIT-2', quantity: 100 },
      ],
    });
    orderNumber = order.number;
    await control.setOnhand({ organization: ORG, item: 'VLV-55', subinventory: 'Stores', quantity: 50 });
    await control.setOnhand({ organization: ORG, item: 'SEAL-KIT-2', subinventory: 'Stores', quantity: 50 });
  });

  describe('work orders', () => {
    it('reads unreleased work orders in domain terms and sends the REST framework version', async () => {
      await control.createWorkOrder({ organization: 'M2', item: 'X', quantity: 1, plannedCompletion: '2026-06-02T00:00:00Z' });
      await control.createWorkOrder({ organization: ORG, item: 'Y', quantity: 1, plannedCompletion: '2026-06-02T00:00:00Z', status: 'ORA_RELEASED' });
      const orders = await connector({ pageSize: 1 }).findUnreleasedOrders(ORG);
      expect(orders).toEqual([
        {
          erpOrderId: orderNumber,
          siteId: ORG,
          material: 'VALVE-ASSY-55',
          quantity: 100,
          uom: 'Ea',
          workCenter: 'WC-ASSY-05',
          dueDate: new Date('2026-06-02T14:30:00Z'),
          scheduledStart: new Date('2026-06-01T06:00:00Z'),
          isReleased: false,
          etag: null,
          components: [
            { material: 'VLV-55', quantity: 100, uom: 'Ea', storageLocation: 'Stores' },
            { material: 'SEAL-KIT-2', quantity: 100, uom: 'Ea', storageLocation: 'Stores' },
          ],
        },
      ]);
      const requests = await control.requests();
      expect(requests.every((r) => r.restFrameworkVersion === '4')).toBe(true);
      expect(await connector().getOrder(ORG, 'M1-NOPE')).toBeNull();
      expect((await connector().getOrder(ORG, orderNumber))?.etag).toMatch(/^"\d+-v1"$/);
    });

    it('releases by a status change with If-Match, once; a second release reports already released', async () => {
      const ora = connector();
      expect((await ora.releaseOrder(ORG, orderNumber)).released).toBe(true);
      expect((await ora.releaseOrder(ORG, orderNumber)).messages[0].code).toBe('INTERLOCK/ALREADY_RELEASED');
      expect((await control.stats()).releases[orderNumber]).toBe(1);
      const patch = (await control.requests()).find((r) => r.method === 'PATCH');
      expect(patch?.ifMatch).toBe('"1-v1"'.replace('1', String((await control.workOrders())[0].id)));
      expect(patch?.contentType).toBe('application/vnd.oracle.adf.resourceitem+json');
      expect((await ora.getOrder(ORG, orderNumber))?.isReleased).toBe(true);
    });

    it('maps a 412 (the work order changed between read and write) to CONFLICT', async () => {
      const staleIfMatch: typeof fetch = (input, init) => (init?.method === 'PATCH' ? fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), 'If-Match': '"0-v0"' } }) : fetch(input, init));
      const error = await caught(connector({ fetch: staleIfMatch }).releaseOrder(ORG, orderNumber));
      expect(error).toMatchObject({ kind: 'CONFLICT', status: 412 });
    });

    it('substitutes a material and moves dates, idempotently, refusing a stale ETag', async () => {
      const ora = connector();
      const before = await ora.getOrder(ORG, orderNumber);
      const substituted = await ora.changeOrderComponents(ORG, { order: orderNumber, etag: before?.etag, substitutions: [{ fromMaterial: 'SEAL-KIT-2', toMaterial: 'SEAL-KIT-2V' }] }, 'ILOS0001');
      expect(substituted.changed).toBe(true);
      expect((await ora.changeOrderComponents(ORG, { order: orderNumber, etag: before?.etag, substitutions: [{ fromMaterial: 'SEAL-KIT-2', toMaterial: 'SEAL-KIT-2V' }] }, 'ILOS0001')).changed).toBe(false);
      expect((await caught(ora.changeOrderDates(ORG, { order: orderNumber, etag: before?.etag, plannedEnd: '2026-06-05T00:00:00Z' }, 'ILOD0001'))).kind).toBe('CONFLICT');
      const moved = await ora.changeOrderDates(ORG, { order: orderNumber, etag: substituted.etag, plannedEnd: '2026-06-05T00:00:00Z' }, 'ILOD0001');
      expect(moved.changed).toBe(true);
      expect((await ora.getOrder(ORG, orderNumber))?.dueDate.toISOString()).toBe('2026-06-05T00:00:00.000Z');
    });
  });

  describe('inventory postings', () => {
    beforeEach(async () => {
      await connector().releaseOrder(ORG, orderNumber);
    });

    it('issues to a work order through materialTransactions and finds it by reference', async () => {
      const ora = connector();
      const result = await ora.postGoodsMovement(ORG, issue(5), 'ILOI0001');
      expect(result.document).toEqual({ type: 'MATERIAL_DOCUMENT', number: expect.stringMatching(/^\d+$/), scope: ORG });
      expect((await ora.findDocumentByReference(ORG, 'ILOI0001'))?.document).toEqual(result.document);
      expect(await ora.findDocumentByReference(ORG, 'ILOI9999', 'MATERIAL_DOCUMENT')).toBeNull();
      expect((await control.onhand()).find((r) => r.item === 'VLV-55')?.quantity).toBe(45);
    });

    it('refuses a line-level error inside a 201: nothing posted is a plain refusal', async () => {
      const error = await caught(connector().postGoodsMovement(ORG, issue(500), 'ILOI0002'));
      expect(error).toMatchObject({ kind: 'BUSINESS', status: 201, mayHaveCommitted: false });
      expect(error.message).toMatch(/INV_NO_ONHAND/);
    });

    it('marks a partly posted request (some lines posted, some refused) as a refusal that must not be re-sent', async () => {
      const error = await caught(
        connector().postGoodsMovement(
          ORG,
          { kind: 'GOODS_ISSUE', order: orderNumber, items: [{ material: 'VLV-55', quantity: 5, uom: 'Ea', storageLocation: 'Stores' }, { material: 'SEAL-KIT-2', quantity: 500, uom: 'Ea', storageLocation: 'Stores' }] },
          'ILOI0003',
        ),
      );
      expect(error).toMatchObject({ kind: 'BUSINESS', mayHaveCommitted: true });
      expect(error.message).toMatch(/posted 1 of 2 lines/);
    });

    it('posts scrap through inventoryStagedTransactions (negative quantity, account) and reverses it once', async () => {
      const ora = connector();
      const scrap = await ora.postGoodsMovement(ORG, { kind: 'SCRAP', material: 'VLV-55', quantity: 2, uom: 'Ea', storageLocation: 'Stores', costCenter: '5110' }, 'ILOX0001');
      expect(scrap.document.type).toBe('MATERIAL_DOCUMENT');
      const [transaction] = (await control.documents()).transactions;
      expect(transaction).toMatchObject({ typeName: 'Scrap', quantity: -2, transactionReference: 'ILOX0001' });
      const reversal = await ora.cancelDocument(ORG, scrap.document, 'ILOX0002');
      expect(reversal.document.number).not.toBe(scrap.document.number);
      expect((await ora.cancelDocument(ORG, scrap.document, 'ILOX0002')).messages[0].code).toBe('INTERLOCK/ALREADY_REVERSED');
      expect((await control.onhand()).find((r) => r.item === 'VLV-55')?.quantity).toBe(50);
      expect((await control.stats()).documents.byReference).toMatchObject({ ILOX0001: 1, ILOX0002: 1 });
    });

    it('posts a confirmation with backflush through operationTransactions and finds it', async () => {
      const ora = connector();
      const result = await ora.postConfirmation(ORG, { order: orderNumber, operation: '10', yieldQuantity: 10, uom: 'Ea', finalConfirmation: true, backflush: [{ movement: 'GOODS_ISSUE', material: 'SEAL-KIT-2', quantity: 10, uom: 'Ea', storageLocation: 'Stores' }] }, 'ILOC0001');
      expect(result.document.type).toBe('CONFIRMATION');
      expect((await ora.findDocumentByReference(ORG, 'ILOC0001', 'CONFIRMATION'))?.document).toEqual(result.document);
      expect((await control.onhand()).find((r) => r.item === 'SEAL-KIT-2')?.quantity).toBe(40);
    });

    it('creates a quality issue and finds it by reference', async () => {
      const ora = connector();
      const result = await ora.createQualityNotification(ORG, { material: 'VALVE-ASSY-55', order: orderNumber, defectCode: 'D010', description: 'Seal seat scratched', quantity: 3, uom: 'Ea' }, 'ILOQ0001');
      expect((await ora.findDocumentByReference(ORG, 'ILOQ0001'))?.document).toEqual(result.document);
    });
  });

  describe('journals through FBDI', () => {
    it('uploads a zipped GlInterface.csv, polls the ESS job and reads the batch back', async () => {
      const ora = connector();
      const result = await ora.postJournalEntry(ORG, JOURNAL, 'ILOJ0001');
      expect(result.document).toMatchObject({ type: 'JOURNAL_ENTRY', number: expect.stringMatching(/^\d+$/) });
      expect(result.messages[0].code).toBe('ORACLE/ESS_SUCCEEDED');
      expect((await ora.findDocumentByReference(ORG, 'ILOJ0001', 'JOURNAL_ENTRY'))?.document.number).toBe(result.document.number);
      const [batch] = (await control.documents()).journalBatches;
      expect(batch.name).toMatch(/^ILOJ0001 \d+$/);
    });

    it('turns an ESS job that ends in ERROR (closed period) into BUSINESS, nothing posted', async () => {
      await control.setPeriods({ close: [TODAY.slice(0, 7)] });
      const error = await caught(connector().postJournalEntry(ORG, JOURNAL, 'ILOJ0002'));
      expect(error).toMatchObject({ kind: 'BUSINESS', mayHaveCommitted: false });
      expect(error.message).toMatch(/ended ERROR/);
      expect((await control.documents()).journalBatches).toHaveLength(0);
    });

    it('reports a job that outlasts the poll as in doubt; it commits later and the read-back finds it', async () => {
      await control.setFaults({ essDelayMs: 600 });
      const ora = connector({ config: { erpIntegrations: { pollIntervalMs: 20, pollTimeoutMs: 100 } } });
      const error = await caught(ora.postJournalEntry(ORG, JOURNAL, 'ILOJ0003'));
      expect(error).toMatchObject({ kind: 'TRANSIENT', mayHaveCommitted: true });
      expect(await ora.findDocumentByReference(ORG, 'ILOJ0003', 'JOURNAL_ENTRY')).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 650));
      expect((await ora.findDocumentByReference(ORG, 'ILOJ0003', 'JOURNAL_ENTRY'))?.document.type).toBe('JOURNAL_ENTRY');
      expect((await control.stats()).documents.byReference.ILOJ0003).toBe(1);
    });

    it('refuses a wrong job name that Oracle answers with ReqstId -1', async () => {
      const error = await caught(connector({ config: { erpIntegrations: { jobName: '/wrong,Job', pollIntervalMs: 20, pollTimeoutMs: 100 } } }).postJournalEntry(ORG, JOURNAL, 'ILOJ0004'));
      expect(error.kind).toBe('BUSINESS');
      expect(error.message).toMatch(/ReqstId -1/);
    });
  });

  describe('master data', () => {
    it('reads item structures with substitutes as alternates, and on-hand balances', async () => {
      await control.upsertStructure({ item: 'VALVE-ASSY-55', organization: ORG, components: [{ seq: 20, item: 'SEAL-KIT-2', quantity: 2, substitutes: [{ item: 'SEAL-KIT-2V', quantity: 3, priority: 1 }] }, { seq: 10, item: 'VLV-55', quantity: 1 }] });
      const [bom] = await connector().findBoms(ORG);
      expect(bom.items).toEqual([
        { itemNo: '10', component: 'VLV-55', quantity: 1, uom: 'Ea', alternates: [] },
        { itemNo: '20', component: 'SEAL-KIT-2', quantity: 2, uom: 'Ea', alternates: [{ material: 'SEAL-KIT-2V', priority: 1, ratio: 1.5, uom: 'Ea' }] },
      ]);
      expect(await connector().findStock(ORG, ['VLV-55'])).toEqual([{ material: 'VLV-55', storageLocation: 'Stores', batch: '', stockType: 'UNRESTRICTED', quantity: 50, uom: 'Ea' }]);
    });
  });

  describe('errors and faults', () => {
    it('reads both error formats: ADF JSON from framework 4, text/plain before', async () => {
      const json = await caught(connector().cancelDocument(ORG, { type: 'MATERIAL_DOCUMENT', number: '1' }, 'ILOE0001'));
      expect(json).toMatchObject({ kind: 'NOT_FOUND', status: 404 });
      const unknownAttribute = await caught(connector({ config: { stagedTransactions: { referenceField: 'NoSuchAttribute' } } }).postGoodsMovement(ORG, { kind: 'MISC_RECEIPT', material: 'VLV-55', quantity: 1, uom: 'Ea', storageLocation: 'Stores' }, 'ILOE0002'));
      expect(unknownAttribute).toMatchObject({ kind: 'BUSINESS', status: 400 });
      expect(unknownAttribute.messages[0]).toMatchObject({ code: 'SIM-27501', text: expect.stringContaining('NoSuchAttribute') });
      const text = await caught(connector({ config: { restFrameworkVersion: '2', stagedTransactions: { referenceField: 'NoSuchAttribute' } } }).postGoodsMovement(ORG, { kind: 'MISC_RECEIPT', material: 'VLV-55', quantity: 1, uom: 'Ea', storageLocation: 'Stores' }, 'ILOE0003'));
      expect(text).toMatchObject({ kind: 'BUSINESS', status: 400 });
      expect(text.messages[0]).toMatchObject({ code: '', text: expect.stringContaining('NoSuchAttribute') });
    });

    it('503 before the work, and 429 with Retry-After: TRANSIENT, not in doubt', async () => {
      await control.setFaults({ failNext: { count: 1, status: 503, on: 'change' } });
      expect(await caught(connector().postGoodsMovement(ORG, { kind: 'MISC_RECEIPT', material: 'VLV-55', quantity: 1, uom: 'Ea', storageLocation: 'Stores' }, 'ILOF0001'))).toMatchObject({ kind: 'TRANSIENT', status: 503, mayHaveCommitted: false });
      await control.setFaults({ failNext: { count: 1, status: 429, retryAfter: 4 } });
      expect(await caught(connector().findStock(ORG))).toMatchObject({ kind: 'TRANSIENT', status: 429, retryAfterSeconds: 4, mayHaveCommitted: false });
    });

    it('504 on a post: in doubt', async () => {
      await control.setFaults({ failNext: { count: 1, status: 504, on: 'change' } });
      expect(await caught(connector().createQualityNotification(ORG, { material: 'X', defectCode: 'D', description: 'd' }, 'ILOF0002'))).toMatchObject({ kind: 'TRANSIENT', status: 504, mayHaveCommitted: true });
    });

    it('reset before the commit: in doubt, the read-back finds nothing', async () => {
      await control.setFaults({ resetNext: { count: 1, when: 'before-commit' } });
      const ora = connector();
      expect(await caught(ora.postGoodsMovement(ORG, { kind: 'MISC_RECEIPT', material: 'VLV-55', quantity: 1, uom: 'Ea', storageLocation: 'Stores' }, 'ILOF0003'))).toMatchObject({ kind: 'TRANSIENT', mayHaveCommitted: true });
      expect(await ora.findDocumentByReference(ORG, 'ILOF0003')).toBeNull();
    });

    it('reset after the commit: in doubt, the read-back finds exactly one posting', async () => {
      await connector().releaseOrder(ORG, orderNumber);
      await control.setFaults({ resetNext: { count: 1, when: 'after-commit' } });
      const ora = connector();
      expect(await caught(ora.postGoodsMovement(ORG, issue(1), 'ILOF0004'))).toMatchObject({ kind: 'TRANSIENT', mayHaveCommitted: true });
      expect((await ora.findDocumentByReference(ORG, 'ILOF0004'))?.document.type).toBe('MATERIAL_DOCUMENT');
      expect((await control.stats()).documents.byReference.ILOF0004).toBe(1);
    });

    it('timeout: in doubt on a post, not on a read', async () => {
      await control.setFaults({ latencyMs: 400 });
      const ora = connector({ timeoutMs: 150 });
      expect(await caught(ora.createQualityNotification(ORG, { material: 'X', defectCode: 'D', description: 'd' }, 'ILOF0005'))).toMatchObject({ kind: 'TRANSIENT', mayHaveCommitted: true });
      expect(await caught(ora.findStock(ORG))).toMatchObject({ kind: 'TRANSIENT', mayHaveCommitted: false });
    });

    it('slow read-back: a staged transaction is accepted with a pending warning, and found once Oracle catches up', async () => {
      await control.setFaults({ slowReadBackMs: 500 });
      const ora = connector({ readBackSettleMs: 50 });
      const result = await ora.postGoodsMovement(ORG, { kind: 'MISC_RECEIPT', material: 'VLV-55', quantity: 1, uom: 'Ea', storageLocation: 'Stores' }, 'ILOF0006');
      expect(result.messages[0].code).toBe('INTERLOCK/READ_BACK_PENDING');
      expect(await ora.findDocumentByReference(ORG, 'ILOF0006', 'MATERIAL_DOCUMENT')).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 550));
      expect((await ora.findDocumentByReference(ORG, 'ILOF0006', 'MATERIAL_DOCUMENT'))?.document.type).toBe('MATERIAL_DOCUMENT');
    });

    it('wrong credentials: AUTH, and the password never shows', async () => {
      const error = await caught(connector({ auth: { kind: 'basic', user: 'INTERLOCK', password: 'nope' } }).findStock(ORG));
      expect(error).toMatchObject({ kind: 'AUTH', status: 401 });
      expect(inspect(connector(), { depth: 6 })).not.toContain(PASSWORD);
    });

    it('bearer and OAuth2: a token from the token endpoint, renewed when revoked', async () => {
      const token = (await (await fetch(`${sim.url}${ORACLE_SIM_TOKEN_PATH}`, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(`INTERLOCK:${PASSWORD}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' })).json()) as { access_token: string };
      expect((await connector({ auth: { kind: 'bearer', token: token.access_token } }).findStock(ORG)).length).toBe(2);
      const ora = connector({ auth: { kind: 'oauth2-client-credentials', tokenUrl: `${sim.url}${ORACLE_SIM_TOKEN_PATH}`, clientId: 'INTERLOCK', clientSecret: PASSWORD } });
      await ora.findStock(ORG);
      await control.setFaults({ expireTokens: true });
      expect((await ora.findStock(ORG)).length).toBe(2);
      expect((await control.stats()).oauthTokensIssued).toBe(3);
    });

    it('caps calls in flight per pod', async () => {
      await control.setFaults({ latencyMs: 50 });
      await control.resetStats();
      const ora = connector({ maxConcurrent: 2 });
      await Promise.all(Array.from({ length: 6 }, () => ora.findStock(ORG)));
      expect((await control.stats()).maxInFlight).toBe(2);
    });
  });

  it('is built by createErpConnector for system ORACLE', async () => {
    const ora = createErpConnector({ system: 'ORACLE', baseUrl: sim.url, user: 'INTERLOCK', password: PASSWORD });
    expect(ora.system).toBe('ORACLE');
    expect((await ora.findUnreleasedOrders(ORG)).map((o) => o.erpOrderId)).toEqual([orderNumber]);
  });
});

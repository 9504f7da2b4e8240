// The SAP adapter's postings against the strict simulator: every posting
// type and its read-back by reference, SAP's business refusals mapped to
// errors that say what to fix, and every injected fault with the in-doubt
// flag (mayHaveCommitted) each failure mode must carry.
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ErpConnector } from '@/lib/erp/connector';
import { caught } from '@/lib/erp/erp-test-helpers';
import type { GoodsMovementRequest } from '@/lib/erp/erp-requests.schema';
import { SapSimControlClient } from '@/lib/erp/simulator/sap-sim-control-client';
import type { CreateOrderRequest } from '@/lib/erp/simulator/sap-sim-control';
import { SIM_OAUTH_TOKEN_PATH, startSapSimulator, type SapSimulator } from '@/lib/erp/simulator/sap-simulator';
import { createSapConnector, type SapConnectorOptions } from './sap-connector';

const PASSWORD = 'interlock-demo';
const TODAY = new Date().toISOString().slice(0, 10);

const ORDER: CreateOrderRequest = {
  plant: '1710',
  material: 'VALVE-ASSY-55',
  quantity: 100,
  unit: 'EA',
  workCenter: 'WC-ASSY-05',
  plannedStart: '2026-06-01T06:00:00Z',
  plannedEnd: '2026-06-02T14:30:00Z',
  components: [
    { material: 'VLV-55', quantity: 100, unit: 'EA', storageLocation: '171A' },
    { material: 'SEAL-KIT-2', quantity: 100, unit: 'EA', storageLocation: '171A' },
  ],
};

describe('SAP adapter postings against the simulator', () => {
  let sim: SapSimulator;
  let control: SapSimControlClient;
  let orderId: string;

  const connector = (options: Partial<SapConnectorOptions> = {}): ErpConnector =>
    createSapConnector({ baseUrl: sim.url, user: 'INTERLOCK', password: PASSWORD, client: '100', readBackSettleMs: 1500, ...options });

  const goodsIssue = (quantity = 5): GoodsMovementRequest => ({ kind: 'GOODS_ISSUE', order: orderId, items: [{ material: 'VLV-55', quantity, uom: 'EA', storageLocation: '171A' }] });

  beforeAll(async () => {
    sim = await startSapSimulator({ port: 0 });
    control = new SapSimControlClient(sim.url);
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await control.reset();
    orderId = (await control.createOrder(ORDER)).id;
    await control.setStock({ material: 'VLV-55', storageLocation: '171A', quantity: 50 });
    await control.setStock({ material: 'SEAL-KIT-2', storageLocation: '171A', quantity: 50 });
  });

  describe('goods movements', () => {
    it('posts a goods issue 261, reads it back by reference, and moves stock', async () => {
      const sap = connector();
      const result = await sap.postGoodsMovement('1710', goodsIssue(5), 'ILGI0001');
      expect(result.document).toEqual({ type: 'MATERIAL_DOCUMENT', number: expect.stringMatching(/^49\d{8}$/), year: TODAY.slice(0, 4) });
      // The adapter re-read the document: the create answer had no items.
      expect((result.raw as { readBack: { to_MaterialDocumentItem: { results: { GoodsMovementType: string }[] } } }).readBack.to_MaterialDocumentItem.results[0].GoodsMovementType).toBe('261');
      const found = await sap.findDocumentByReference('1710', 'ILGI0001', 'MATERIAL_DOCUMENT');
      expect(found?.document).toEqual(result.document);
      expect(await sap.findDocumentByReference('1710', 'ILNOTPOSTED', 'MATERIAL_DOCUMENT')).toBeNull();
      expect((await control.stock()).find((r) => r.material === 'VLV-55')?.quantity).toBe(45);
      const [doc] = (await control.documents()).materialDocuments;
      expect(doc).toMatchObject({ headerText: 'ILGI0001', goodsMovementCode: '03', postingDate: TODAY });
      expect(doc.items[0]).toMatchObject({ movementType: '261', order: orderId, quantity: 5, plant: '1710', refDocType: '' });
    });

    it('posts a receipt 101 with F, scrap 551 with cost center, misc 201/501, and a 262 reversal', async () => {
      const sap = connector();
      await sap.postGoodsMovement('1710', { kind: 'GOODS_RECEIPT', order: orderId, material: 'VALVE-ASSY-55', quantity: 10, uom: 'EA', storageLocation: '171A', deliveryCompleted: true }, 'ILGR0001');
      await sap.postGoodsMovement('1710', { kind: 'SCRAP', material: 'VLV-55', quantity: 2, uom: 'EA', storageLocation: '171A', costCenter: '17101101', reasonCode: '0001' }, 'ILSC0001');
      await sap.postGoodsMovement('1710', { kind: 'MISC_ISSUE', material: 'VLV-55', quantity: 1, uom: 'EA', storageLocation: '171A', costCenter: '17101101' }, 'ILMI0001');
      await sap.postGoodsMovement('1710', { kind: 'MISC_RECEIPT', material: 'VLV-55', quantity: 4, uom: 'EA', storageLocation: '171A' }, 'ILMR0001');
      await sap.postGoodsMovement('1710', goodsIssue(3), 'ILGI0002');
      await sap.postGoodsMovement('1710', { kind: 'GOODS_ISSUE_REVERSAL', order: orderId, items: [{ material: 'VLV-55', quantity: 3, uom: 'EA', storageLocation: '171A' }] }, 'ILGI0003');
      const docs = (await control.documents()).materialDocuments;
      expect(docs.map((d) => [d.headerText, d.goodsMovementCode, d.items[0].movementType])).toEqual([
        ['ILGR0001', '02', '101'],
        ['ILSC0001', '03', '551'],
        ['ILMI0001', '03', '201'],
        ['ILMR0001', '05', '501'],
        ['ILGI0002', '03', '261'],
        ['ILGI0003', '06', '262'],
      ]);
      expect(docs[0].items[0]).toMatchObject({ refDocType: 'F', orderItem: '1', deliveryCompleted: true });
      expect(docs[1].items[0]).toMatchObject({ costCenter: '17101101', reasonCode: '0001' });
      expect((await control.stock()).find((r) => r.material === 'VLV-55')?.quantity).toBe(50 - 2 - 1 + 4);
    });

    it('refuses a stock deficit with M7/021 and says what to do', async () => {
      const error = await caught(connector().postGoodsMovement('1710', goodsIssue(80), 'ILGI0004'));
      expect(error).toMatchObject({ kind: 'BUSINESS', status: 400, mayHaveCommitted: false });
      expect(error.message).toMatch(/^Deficit of SL Unrestricted-use 30 EA : VLV-55 1710 171A \(not enough stock/);
      expect(error.messages.map((m) => m.code)).toEqual(['M7/021', 'MM_IM_ODATA_API_MDOC/014']);
      expect((await control.documents()).materialDocuments).toHaveLength(0);
    });

    it('refuses a closed period with M7/053 and says what to do', async () => {
      await control.setPeriods({ close: ['2026-01'] });
      const error = await caught(connector().postGoodsMovement('1710', { ...goodsIssue(1), postingDate: '2026-01-31' }, 'ILGI0005'));
      expect(error.kind).toBe('BUSINESS');
      expect(error.messages[0].code).toBe('M7/053');
      expect(error.message).toMatch(/posting period is closed/);
    });

    it('maps a property SAP does not allow for the movement type (MDOC/011) to BUSINESS with a hint', async () => {
      // The adapter never sends one; a proxy that adds a field shows what SAP would answer.
      const addsField: typeof fetch = (input, init) => {
        if (init?.method === 'POST' && typeof init.body === 'string' && String(input).includes('A_MaterialDocumentHeader')) {
          const body = JSON.parse(init.body) as { to_MaterialDocumentItem: { results: Record<string, unknown>[] } };
          body.to_MaterialDocumentItem.results[0].CostCenter = '17101101';
          return fetch(input, { ...init, body: JSON.stringify(body) });
        }
        return fetch(input, init);
      };
      const error = await caught(connector({ fetch: addsField }).postGoodsMovement('1710', goodsIssue(1), 'ILGI0006'));
      expect(error.kind).toBe('BUSINESS');
      expect(error.messages[0]).toMatchObject({ code: 'MM_IM_ODATA_API_MDOC/011', text: 'Property CostCenter is not supported for GoodsMovementType 261' });
      expect(error.message).toMatch(/field SAP does not accept/);
    });

    it('refuses a request it cannot send before anything leaves (scrap without cost center, bad reference, 4 decimals)', async () => {
      const sap = connector();
      const noCostCenter = await caught(sap.postGoodsMovement('1710', { kind: 'SCRAP', material: 'VLV-55', quantity: 1, uom: 'EA', storageLocation: '171A' } as unknown as GoodsMovementRequest, 'ILSC0002'));
      expect(noCostCenter).toMatchObject({ kind: 'BUSINESS', mayHaveCommitted: false });
      expect((await caught(sap.postGoodsMovement('1710', goodsIssue(1), 'lower-case'))).kind).toBe('BUSINESS');
      expect((await caught(sap.postGoodsMovement('1710', goodsIssue(1.2345), 'ILGI0007'))).message).toMatch(/more than 3 decimals/);
      expect((await control.stats()).calls['csrf-fetch']).toBeUndefined();
    });

    it('keeps sap-message warnings of a successful post', async () => {
      await control.setFaults({ sapMessageNext: { code: 'M7/110', message: 'Stock falls below safety stock', severity: 'warning' } });
      const result = await connector().postGoodsMovement('1710', goodsIssue(1), 'ILGI0008');
      expect(result.messages).toContainEqual({ code: 'M7/110', text: 'Stock falls below safety stock', severity: 'warning' });
    });
  });

  describe('cancel', () => {
    it('reverses a document once; repeating returns the same reversal without a second one', async () => {
      const sap = connector();
      const posted = await sap.postGoodsMovement('1710', goodsIssue(5), 'ILGI0010');
      const first = await sap.cancelDocument('1710', posted.document, 'ILCA0001');
      expect(first.document).toMatchObject({ type: 'MATERIAL_DOCUMENT', year: TODAY.slice(0, 4) });
      expect(first.document.number).not.toBe(posted.document.number);
      const again = await sap.cancelDocument('1710', posted.document, 'ILCA0001');
      expect(again.document).toEqual(first.document);
      expect(again.messages[0].code).toBe('INTERLOCK/ALREADY_REVERSED');
      const stats = await control.stats();
      expect(stats.documents.reversalsByDocument[`${posted.document.number}/${posted.document.year}`]).toBe(1);
      expect((await control.stock()).find((r) => r.material === 'VLV-55')?.quantity).toBe(50);
    });

    it('answers NOT_FOUND for a document that does not exist', async () => {
      const error = await caught(connector().cancelDocument('1710', { type: 'MATERIAL_DOCUMENT', number: '4999999999', year: '2026' }, 'ILCA0002'));
      expect(error.kind).toBe('NOT_FOUND');
    });
  });

  describe('confirmation, quality notification, journal entry', () => {
    it('posts a confirmation with backflush and finds it by reference (the GUID)', async () => {
      const sap = connector();
      const result = await sap.postConfirmation(
        '1710',
        { order: orderId, yieldQuantity: 10, scrapQuantity: 1, uom: 'EA', finalConfirmation: false, text: 'shift 1', backflush: [{ movement: 'GOODS_ISSUE', material: 'SEAL-KIT-2', quantity: 10, uom: 'EA', storageLocation: '171A' }] },
        'ILCF0001',
      );
      expect(result.document).toEqual({ type: 'CONFIRMATION', number: expect.stringMatching(/^\d+\/00000001$/) });
      expect((await sap.findDocumentByReference('1710', 'ILCF0001', 'CONFIRMATION'))?.document).toEqual(result.document);
      const [confirmation] = (await control.documents()).confirmations;
      expect(confirmation).toMatchObject({ text: 'ILCF0001 shift 1', yieldQuantity: 10, scrapQuantity: 1, finalType: '1' });
      expect((await control.stock()).find((r) => r.material === 'SEAL-KIT-2')?.quantity).toBe(40);
    });

    it('refuses a confirmation whose backflush finds no stock, posting nothing', async () => {
      const error = await caught(connector().postConfirmation('1710', { order: orderId, yieldQuantity: 10, uom: 'EA', backflush: [{ movement: 'GOODS_ISSUE', material: 'SEAL-KIT-2', quantity: 999, uom: 'EA', storageLocation: '171A' }] }, 'ILCF0002'));
      expect(error.kind).toBe('BUSINESS');
      expect(error.messages.some((m) => m.code === 'M7/021')).toBe(true);
      expect((await control.documents()).confirmations).toHaveLength(0);
    });

    it('creates a quality notification and finds it by reference', async () => {
      const sap = connector();
      const result = await sap.createQualityNotification('1710', { material: 'VALVE-ASSY-55', order: orderId, defectCode: 'D010', defectCodeGroup: 'QM-VALVE', description: 'Seal seat scratched', quantity: 3, uom: 'EA' }, 'ILQN0001');
      expect(result.document).toEqual({ type: 'QUALITY_NOTIFICATION', number: expect.stringMatching(/^\d+$/) });
      expect((await sap.findDocumentByReference('1710', 'ILQN0001'))?.document).toEqual(result.document);
      const [qn] = (await control.documents()).qualityNotifications;
      expect(qn.values).toMatchObject({ NotificationType: 'Q3', NotificationText: 'Seal seat scratched', Material: 'VALVE-ASSY-55', MaterialPlant: '1710', ManufacturingOrder: orderId, ComplaintQuantity: '3.000' });
      expect(qn.items[0]).toMatchObject({ DefectCode: 'D010', DefectCodeGroup: 'QM-VALVE' });
    });

    it('posts a journal entry through SOAP and finds it by its header text', async () => {
      const sap = connector();
      const result = await sap.postJournalEntry(
        '1710',
        { currency: 'USD', documentDate: TODAY, postingDate: TODAY, lines: [{ glAccount: '51100000', side: 'DEBIT', amount: 250.75, costCenter: '17101101', text: 'Scrap VLV-55' }, { glAccount: '79000000', side: 'CREDIT', amount: 250.75 }] },
        'ILJE0001',
      );
      expect(result.document).toEqual({ type: 'JOURNAL_ENTRY', number: expect.stringMatching(/^\d+$/), year: TODAY.slice(0, 4), scope: '1710' });
      expect((await sap.findDocumentByReference('1710', 'ILJE0001', 'JOURNAL_ENTRY'))?.document).toEqual(result.document);
      const [entry] = (await control.documents()).journalEntries;
      expect(entry.lines.map((l) => [l.glAccount, l.amount, l.debitCredit, l.costCenter])).toEqual([
        ['51100000', 250.75, 'S', '17101101'],
        ['79000000', -250.75, 'H', ''],
      ]);
      // SOAP needs no CSRF token.
      expect((await control.stats()).calls['csrf-fetch']).toBeUndefined();
    });

    it('maps a journal refused inside HTTP 200 (AccountingDocument 0000000000) to BUSINESS with SAP’s log', async () => {
      await control.setPeriods({ close: [TODAY.slice(0, 7)] });
      const error = await caught(
        connector().postJournalEntry('1710', { currency: 'USD', documentDate: TODAY, postingDate: TODAY, lines: [{ glAccount: '51100000', side: 'DEBIT', amount: 1 }, { glAccount: '79000000', side: 'CREDIT', amount: 1 }] }, 'ILJE0002'),
      );
      expect(error).toMatchObject({ kind: 'BUSINESS', status: 200, mayHaveCommitted: false });
      expect(error.messages[0]).toMatchObject({ code: 'F5/201', severity: 'error' });
      expect(error.message).toMatch(/posting period is closed/);
    });

    it('maps a SOAP fault for a malformed envelope to PROTOCOL, not to a retry', async () => {
      const breaksXml: typeof fetch = (input, init) => (String(input).includes('/sap/bc/srt/') ? fetch(input, { ...init, body: String(init?.body).replace('<GLAccount>', '<GLKonto>').replace('</GLAccount>', '</GLKonto>') }) : fetch(input, init));
      const error = await caught(
        connector({ fetch: breaksXml }).postJournalEntry('1710', { currency: 'USD', documentDate: TODAY, postingDate: TODAY, lines: [{ glAccount: '51100000', side: 'DEBIT', amount: 1 }, { glAccount: '79000000', side: 'CREDIT', amount: 1 }] }, 'ILJE0003'),
      );
      expect(error).toMatchObject({ kind: 'PROTOCOL', status: 500, mayHaveCommitted: false });
      expect(error.message).toMatch(/GLKonto/);
    });
  });

  describe('order changes', () => {
    it('substitutes a component with If-Match, is idempotent, and refuses a stale ETag', async () => {
      const sap = connector();
      const before = await sap.getOrder('1710', orderId);
      const changed = await sap.changeOrderComponents('1710', { order: orderId, etag: before?.etag, substitutions: [{ fromMaterial: 'SEAL-KIT-2', toMaterial: 'SEAL-KIT-2V', quantity: 100 }] }, 'ILSB0001');
      expect(changed.changed).toBe(true);
      expect(changed.etag).not.toBe(before?.etag);
      expect((await sap.getOrder('1710', orderId))?.components.map((c) => c.material)).toEqual(['VLV-55', 'SEAL-KIT-2V']);
      // Repeating (an in-doubt retry) changes nothing, even with the old ETag.
      const again = await sap.changeOrderComponents('1710', { order: orderId, etag: before?.etag, substitutions: [{ fromMaterial: 'SEAL-KIT-2', toMaterial: 'SEAL-KIT-2V' }] }, 'ILSB0001');
      expect(again.changed).toBe(false);
      expect((await control.stats()).orderChanges[orderId]).toBe(1);
      const stale = await caught(sap.changeOrderComponents('1710', { order: orderId, etag: before?.etag, substitutions: [{ fromMaterial: 'VLV-55', toMaterial: 'VLV-80' }] }, 'ILSB0002'));
      expect(stale.kind).toBe('CONFLICT');
    });

    it('moves the planned dates with If-Match and reports an unchanged repeat', async () => {
      const sap = connector();
      const before = await sap.getOrder('1710', orderId);
      const end = '2026-06-03T10:15:00.000Z';
      const changed = await sap.changeOrderDates('1710', { order: orderId, etag: before?.etag, plannedEnd: end }, 'ILDT0001');
      expect(changed.changed).toBe(true);
      expect((await sap.getOrder('1710', orderId))?.dueDate.toISOString()).toBe(end);
      expect((await sap.changeOrderDates('1710', { order: orderId, etag: before?.etag, plannedEnd: end }, 'ILDT0001')).changed).toBe(false);
    });

    it('maps a 412 from SAP (someone changed the order between read and write) to CONFLICT', async () => {
      const staleIfMatch: typeof fetch = (input, init) =>
        init?.method === 'PATCH' ? fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), 'If-Match': `W/"'19990101000000'"` } }) : fetch(input, init);
      const error = await caught(connector({ fetch: staleIfMatch }).changeOrderDates('1710', { order: orderId, plannedEnd: '2026-06-04T10:00:00Z' }, 'ILDT0002'));
      expect(error).toMatchObject({ kind: 'CONFLICT', status: 412 });
    });
  });

  describe('master data', () => {
    it('reads BOMs with alternates folded into the main item, and stock', async () => {
      await control.upsertBom({ material: 'VALVE-ASSY-55', description: 'Valve assembly 55 mm', items: [{ itemNo: '10', component: 'VLV-55', quantity: 1 }, { itemNo: '20', component: 'SEAL-KIT-2', quantity: 2, alternates: [{ material: 'SEAL-KIT-2V', quantity: 3 }] }] });
      const sap = connector({ pageSize: 1 });
      const [bom] = await sap.findBoms('1710');
      expect(bom).toEqual({
        material: 'VALVE-ASSY-55',
        description: 'Valve assembly 55 mm',
        alternative: '1',
        baseQuantity: 1,
        baseUom: 'EA',
        items: [
          { itemNo: '0010', component: 'VLV-55', quantity: 1, uom: 'EA', alternates: [] },
          { itemNo: '0020', component: 'SEAL-KIT-2', quantity: 2, uom: 'EA', alternates: [{ material: 'SEAL-KIT-2V', priority: 1, ratio: 1.5, uom: 'EA' }] },
        ],
      });
      const stock = await sap.findStock('1710', ['VLV-55']);
      expect(stock).toEqual([{ material: 'VLV-55', storageLocation: '171A', batch: '', stockType: 'UNRESTRICTED', quantity: 50, uom: 'EA' }]);
    });
  });

  describe('faults: each failure mode and its in-doubt flag', () => {
    it('5xx from the server (500, 503) before anything ran: TRANSIENT, not in doubt, nothing posted', async () => {
      for (const status of [500, 503] as const) {
        await control.setFaults({ failNext: { count: 1, status, on: 'change' } });
        const error = await caught(connector().postGoodsMovement('1710', goodsIssue(1), `ILF${status}`));
        expect(error).toMatchObject({ kind: 'TRANSIENT', status, mayHaveCommitted: false });
      }
      expect((await control.documents()).materialDocuments).toHaveLength(0);
    });

    it('502 and 504 from a proxy on a post: TRANSIENT and in doubt', async () => {
      for (const status of [502, 504] as const) {
        await control.setFaults({ failNext: { count: 1, status, on: 'change' } });
        const error = await caught(connector().postGoodsMovement('1710', goodsIssue(1), `ILF${status}`));
        expect(error).toMatchObject({ kind: 'TRANSIENT', status, mayHaveCommitted: true });
      }
    });

    it('429 with Retry-After: TRANSIENT with the wait, not in doubt', async () => {
      await control.setFaults({ failNext: { count: 1, status: 429, retryAfter: 9, on: 'change' } });
      const error = await caught(connector().postJournalEntry('1710', { currency: 'USD', documentDate: TODAY, postingDate: TODAY, lines: [{ glAccount: '1', side: 'DEBIT', amount: 1 }, { glAccount: '2', side: 'CREDIT', amount: 1 }] }, 'ILF429'));
      expect(error).toMatchObject({ kind: 'TRANSIENT', status: 429, retryAfterSeconds: 9, mayHaveCommitted: false });
    });

    it('connection reset before the commit: in doubt, and the read-back proves nothing was posted', async () => {
      const sap = connector();
      await sap.findDocumentByReference('1710', 'ILRB0001', 'MATERIAL_DOCUMENT');
      await control.setFaults({ resetNext: { count: 1, when: 'before-commit' } });
      const error = await caught(sap.postGoodsMovement('1710', goodsIssue(1), 'ILRB0001'));
      expect(error).toMatchObject({ kind: 'TRANSIENT', mayHaveCommitted: true });
      expect(await sap.findDocumentByReference('1710', 'ILRB0001', 'MATERIAL_DOCUMENT')).toBeNull();
    });

    it('connection reset after the commit: in doubt, and the read-back finds exactly the one document', async () => {
      const sap = connector();
      await control.setFaults({ resetNext: { count: 1, when: 'after-commit' } });
      const error = await caught(sap.postGoodsMovement('1710', goodsIssue(1), 'ILRA0001'));
      expect(error).toMatchObject({ kind: 'TRANSIENT', mayHaveCommitted: true });
      const found = await sap.findDocumentByReference('1710', 'ILRA0001', 'MATERIAL_DOCUMENT');
      expect(found?.document.type).toBe('MATERIAL_DOCUMENT');
      expect((await control.stats()).documents.byReference.ILRA0001).toBe(1);
    });

    it('reset after commit on the SOAP journal entry: in doubt, read back finds it', async () => {
      const sap = connector();
      await control.setFaults({ resetNext: { count: 1, when: 'after-commit' } });
      const error = await caught(sap.postJournalEntry('1710', { currency: 'USD', documentDate: TODAY, postingDate: TODAY, lines: [{ glAccount: '1', side: 'DEBIT', amount: 1 }, { glAccount: '2', side: 'CREDIT', amount: 1 }] }, 'ILRJ0001'));
      expect(error.mayHaveCommitted).toBe(true);
      expect((await sap.findDocumentByReference('1710', 'ILRJ0001'))?.document.type).toBe('JOURNAL_ENTRY');
    });

    it('timeout on a post: in doubt, and the late commit is found by reference', async () => {
      await control.setFaults({ latencyMs: 400, latencyOn: 'change' });
      const sap = connector({ timeoutMs: 150 });
      const error = await caught(sap.postConfirmation('1710', { order: orderId, yieldQuantity: 1, uom: 'EA' }, 'ILTO0001'));
      expect(error).toMatchObject({ kind: 'TRANSIENT', mayHaveCommitted: true });
      expect(error.message).toMatch(/timed out after 150 ms/);
      await new Promise((resolve) => setTimeout(resolve, 400));
      await control.clearFaults();
      expect((await connector().findDocumentByReference('1710', 'ILTO0001', 'CONFIRMATION'))?.document.type).toBe('CONFIRMATION');
    });

    it('timeout on a read: TRANSIENT, not in doubt', async () => {
      await control.setFaults({ latencyMs: 400, latencyOn: 'read' });
      const error = await caught(connector({ timeoutMs: 150 }).findStock('1710'));
      expect(error).toMatchObject({ kind: 'TRANSIENT', mayHaveCommitted: false });
    });

    it('expired CSRF token on the material document service: re-fetched once, posted once', async () => {
      const sap = connector();
      await sap.postGoodsMovement('1710', goodsIssue(1), 'ILCS0001');
      await control.setFaults({ expireCsrf: true });
      await sap.postGoodsMovement('1710', goodsIssue(1), 'ILCS0002');
      const stats = await control.stats();
      expect(stats.calls['csrf-rejected']).toBe(1);
      expect(stats.documents.byReference).toMatchObject({ ILCS0001: 1, ILCS0002: 1 });
    });

    it('fetches a CSRF token per service root; one service’s token is refused by another', async () => {
      const sap = connector();
      await sap.releaseOrder('1710', orderId);
      await sap.postGoodsMovement('1710', goodsIssue(1), 'ILCS0003');
      await sap.postConfirmation('1710', { order: orderId, yieldQuantity: 1, uom: 'EA' }, 'ILCS0004');
      const fetches = (await control.requests()).filter((r) => r.csrf === 'fetch').map((r) => new URL(r.target, sim.url).pathname);
      expect(fetches).toEqual(['/sap/opu/odata/sap/API_PRODUCTION_ORDER_2_SRV/', '/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV/', '/sap/opu/odata/sap/API_PROD_ORDER_CONFIRMATION_2_SRV/']);
      // A token and cookies from the order service, presented to the material document service.
      const auth = `Basic ${Buffer.from(`INTERLOCK:${PASSWORD}`).toString('base64')}`;
      const tokenResponse = await fetch(`${sim.serviceRoot}/?sap-client=100`, { headers: { Authorization: auth, 'x-csrf-token': 'Fetch', Accept: 'application/json' } });
      const cookie = tokenResponse.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const crossed = await fetch(`${sim.url}/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader?sap-client=100`, {
        method: 'POST',
        headers: { Authorization: auth, 'x-csrf-token': tokenResponse.headers.get('x-csrf-token') ?? '', Cookie: cookie, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: '{}',
      });
      expect(crossed.status).toBe(403);
      expect(crossed.headers.get('x-csrf-token')).toBe('Required');
    });

    it('slow read-back: the post succeeds with the number from the create; the read-back is null until SAP catches up', async () => {
      await control.setFaults({ slowReadBackMs: 700 });
      const sap = connector({ readBackSettleMs: 100 });
      const result = await sap.postGoodsMovement('1710', goodsIssue(1), 'ILSR0001');
      expect(result.document.number).toMatch(/^49/);
      expect(result.messages.some((m) => m.code === 'INTERLOCK/READ_BACK_PENDING')).toBe(true);
      // Within the window a read-back sees nothing: this is why the outbox waits before concluding "not posted".
      expect(await sap.findDocumentByReference('1710', 'ILSR0001', 'MATERIAL_DOCUMENT')).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 750));
      expect((await sap.findDocumentByReference('1710', 'ILSR0001', 'MATERIAL_DOCUMENT'))?.document).toEqual(result.document);
    });

    it('tolerates a 404 on the re-read for a few seconds and then returns the full document', async () => {
      await control.setFaults({ slowReadBackMs: 300 });
      const result = await connector({ readBackSettleMs: 3000 }).postGoodsMovement('1710', goodsIssue(1), 'ILSR0002');
      expect(result.messages.some((m) => m.code === 'INTERLOCK/READ_BACK_PENDING')).toBe(false);
      expect((result.raw as { readBack: unknown }).readBack).not.toBeNull();
      expect((await control.stats()).calls['get:A_MaterialDocumentHeader']).toBe(1);
    });

    it('caps calls in flight per system, across services', async () => {
      await control.setFaults({ latencyMs: 60 });
      await control.resetStats();
      const sap = connector({ maxConcurrent: 2 });
      await Promise.all([
        sap.findStock('1710'),
        sap.findBoms('1710'),
        sap.getOrder('1710', orderId),
        sap.findDocumentByReference('1710', 'ILXX0001', 'MATERIAL_DOCUMENT'),
        sap.findDocumentByReference('1710', 'ILXX0001', 'QUALITY_NOTIFICATION'),
        sap.findStock('1710'),
      ]);
      expect((await control.stats()).maxInFlight).toBe(2);
    });
  });

  describe('OAuth2 client credentials', () => {
    it('fetches one token for all services, renews it when SAP refuses it, and never shows the secret', async () => {
      const sap = connector({ auth: { kind: 'oauth2-client-credentials', tokenUrl: `${sim.url}${SIM_OAUTH_TOKEN_PATH}`, clientId: 'INTERLOCK', clientSecret: PASSWORD } });
      await sap.postGoodsMovement('1710', goodsIssue(1), 'ILOA0001');
      await sap.findStock('1710');
      expect((await control.stats()).oauthTokensIssued).toBe(1);
      await control.setFaults({ expireTokens: true });
      await sap.postGoodsMovement('1710', goodsIssue(1), 'ILOA0002');
      expect((await control.stats()).oauthTokensIssued).toBe(2);
      expect(inspect(sap, { depth: 6 })).not.toContain(PASSWORD);
    });

    it('maps a refused client secret to AUTH without sending the posting', async () => {
      const sap = connector({ auth: { kind: 'oauth2-client-credentials', tokenUrl: `${sim.url}${SIM_OAUTH_TOKEN_PATH}`, clientId: 'INTERLOCK', clientSecret: 'wrong' } });
      const error = await caught(sap.postGoodsMovement('1710', goodsIssue(1), 'ILOA0003'));
      expect(error).toMatchObject({ kind: 'AUTH', mayHaveCommitted: false });
      expect((await control.documents()).materialDocuments).toHaveLength(0);
    });
  });

  it('counts exactly one document per reference and none without one', async () => {
    const sap = connector();
    await sap.postGoodsMovement('1710', goodsIssue(1), 'ILEX0001');
    await sap.postConfirmation('1710', { order: orderId, yieldQuantity: 1, uom: 'EA', backflush: [{ movement: 'GOODS_ISSUE', material: 'VLV-55', quantity: 1, uom: 'EA', storageLocation: '171A' }] }, 'ILEX0002');
    await sap.createQualityNotification('1710', { material: 'VALVE-ASSY-55', defectCode: 'D1', description: 'x' }, 'ILEX0003');
    const { documents } = await control.stats();
    expect(documents).toMatchObject({ total: 3, withoutReference: 0, byReference: { ILEX0001: 1, ILEX0002: 1, ILEX0003: 1 } });
  });
});

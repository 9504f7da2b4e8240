// The simulator's posting services on the wire, with plain fetch: it must
// refuse what SAP refuses (names and types outside the EDMX or WSDL, fields a
// movement type does not take, deficits, reads too soon after a create) or
// the adapter tests prove little.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contractFile } from '@/lib/erp/contracts-dir';
import { checkXmlElement, parseWsdl } from '@/lib/erp/sap/wsdl-reader';
import { buildJournalEntryEnvelope, DEFAULT_JOURNAL_CONFIG, soapBodyContent } from '@/lib/erp/sap/journal-entry-soap';
import { SapSimControlClient } from './sap-sim-control-client';
import { startSapSimulator, type SapSimulator } from './sap-simulator';

const AUTH = `Basic ${Buffer.from('INTERLOCK:interlock-demo').toString('base64')}`;
const MATDOC = '/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV';
const TODAY = new Date().toISOString().slice(0, 10);

async function session(root: string) {
  const response = await fetch(`${root}/?sap-client=100`, { headers: { Authorization: AUTH, 'x-csrf-token': 'Fetch', Accept: 'application/json' } });
  return { token: response.headers.get('x-csrf-token') ?? '', cookie: response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
}

describe('SAP simulator posting services', () => {
  let sim: SapSimulator;
  let control: SapSimControlClient;
  const post = async (path: string, body: unknown) => {
    const s = await session(`${sim.url}${MATDOC}`);
    return fetch(`${sim.url}${MATDOC}/${path}?sap-client=100`, {
      method: 'POST',
      headers: { Authorization: AUTH, Accept: 'application/json', 'Content-Type': 'application/json', 'x-csrf-token': s.token, Cookie: s.cookie },
      body: JSON.stringify(body),
    });
  };
  const item = (over: Record<string, unknown> = {}) => ({ Material: 'RM', Plant: '1710', StorageLocation: '171A', GoodsMovementType: '501', QuantityInEntryUnit: '1', EntryUnit: 'EA', ...over });
  const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string; message: { value: string } } }).error;

  beforeAll(async () => {
    sim = await startSapSimulator({ port: 0 });
    control = new SapSimControlClient(sim.url);
  });
  afterAll(() => sim.close());
  beforeEach(() => control.reset());

  it('answers a valid deep insert with 201, a Location, and an empty item list (as Gateway has been seen to)', async () => {
    const response = await post('A_MaterialDocumentHeader', { GoodsMovementCode: '05', MaterialDocumentHeaderText: 'ILW1', to_MaterialDocumentItem: [item()] });
    expect(response.status).toBe(201);
    const { d } = (await response.json()) as { d: { MaterialDocument: string; MaterialDocumentYear: string; to_MaterialDocumentItem: { results: unknown[] } } };
    expect(response.headers.get('location')).toContain(`A_MaterialDocumentHeader(MaterialDocumentYear='${d.MaterialDocumentYear}',MaterialDocument='${d.MaterialDocument}')`);
    expect(d.to_MaterialDocumentItem.results).toEqual([]);
  });

  it('refuses names and types outside the EDMX with a Gateway error', async () => {
    const unknown = await post('A_MaterialDocumentHeader', { GoodsMovementCode: '05', Foo: 'x', to_MaterialDocumentItem: [item()] });
    expect(unknown.status).toBe(400);
    expect((await errorCode(unknown)).message.value).toContain("Property 'Foo' is invalid");
    const numberQuantity = await post('A_MaterialDocumentHeader', { GoodsMovementCode: '05', to_MaterialDocumentItem: [item({ QuantityInEntryUnit: 1 })] });
    expect((await errorCode(numberQuantity)).message.value).toContain('QuantityInEntryUnit');
    const tooLong = await post('A_MaterialDocumentHeader', { GoodsMovementCode: '05', MaterialDocumentHeaderText: 'X'.repeat(26), to_MaterialDocumentItem: [item()] });
    expect((await errorCode(tooLong)).message.value).toContain('at most 25 characters');
  });

  it('refuses a property the movement type does not take, a missing mandatory one, and a wrong GM code', async () => {
    expect((await errorCode(await post('A_MaterialDocumentHeader', { GoodsMovementCode: '05', to_MaterialDocumentItem: [item({ CostCenter: 'CC' })] }))).code).toBe('MM_IM_ODATA_API_MDOC/011');
    expect((await errorCode(await post('A_MaterialDocumentHeader', { GoodsMovementCode: '03', to_MaterialDocumentItem: [item({ GoodsMovementType: '551' })] }))).code).toBe('MM_IM_ODATA_API_MDOC/012');
    expect((await errorCode(await post('A_MaterialDocumentHeader', { GoodsMovementCode: '02', to_MaterialDocumentItem: [item()] }))).code).toBe('MM_IM_ODATA_API_MDOC/013');
  });

  it('refuses to create items on their own (the EDMX says not creatable)', async () => {
    expect((await post('A_MaterialDocumentItem', item())).status).toBe(405);
  });

  it('answers 404 for a new document while the slow read-back fault holds', async () => {
    await control.setFaults({ slowReadBackMs: 60_000 });
    const created = (await (await post('A_MaterialDocumentHeader', { GoodsMovementCode: '05', to_MaterialDocumentItem: [item()] })).json()) as { d: { MaterialDocument: string; MaterialDocumentYear: string } };
    const read = await fetch(`${sim.url}${MATDOC}/A_MaterialDocumentHeader(MaterialDocumentYear='${created.d.MaterialDocumentYear}',MaterialDocument='${created.d.MaterialDocument}')`, { headers: { Authorization: AUTH, Accept: 'application/json' } });
    expect(read.status).toBe(404);
  });

  it('checks SOAP bodies against the WSDL and answers in the WSDL’s confirmation shape', async () => {
    const soap = (body: string) => fetch(`${sim.url}/sap/bc/srt/scs_ext/sap/journalentrycreaterequestconfi?sap-client=100`, { method: 'POST', headers: { Authorization: AUTH, 'Content-Type': 'text/xml' }, body });
    const xml = buildJournalEntryEnvelope({ currency: 'EUR', documentDate: TODAY, postingDate: TODAY, lines: [{ glAccount: '1', side: 'DEBIT', amount: 1 }, { glAccount: '2', side: 'CREDIT', amount: 1 }] }, 'ILW2', '1710', DEFAULT_JOURNAL_CONFIG);
    const ok = await soap(xml);
    expect(ok.status).toBe(200);
    const answer = soapBodyContent(await ok.text());
    const wsdl = parseWsdl(readFileSync(contractFile('sap', 'soap', 'JournalEntryCreateRequestConfirmation_In.wsdl') ?? '', 'utf8'));
    if (!answer) throw new Error('no SOAP body');
    expect(checkXmlElement(wsdl, 'JournalEntryCreateConfirmationBulkMessage', answer)).toEqual([]);
    const broken = await soap(xml.replace('<CompanyCode>1710</CompanyCode>', ''));
    expect(broken.status).toBe(500);
    expect(await broken.text()).toMatch(/soap-env:Client.*CompanyCode is required/s);
    expect((await soap('not xml')).status).toBe(500);
  });

  it('keeps stock, documents and periods across a restart (state file version 2) and still reads version 1 files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sap-sim-ledger-'));
    try {
      const stateFile = path.join(dir, 'erp-sim.json');
      const first = await startSapSimulator({ stateFile });
      const c1 = new SapSimControlClient(first.url);
      await c1.setStock({ material: 'RM', storageLocation: '171A', quantity: 7 });
      await c1.setPeriods({ close: ['2020-01'] });
      await first.close();
      const second = await startSapSimulator({ stateFile });
      expect(second.state.ledger.stockOf('RM', '1710', '171A')).toBe(7);
      expect(second.state.ledger.closedPeriods).toEqual(['2020-01']);
      await second.close();
      const v1 = path.join(dir, 'v1.json');
      writeFileSync(v1, JSON.stringify({ version: 1, nextOrderNumber: 1000005, nextReservation: 10005, orders: [] }));
      const third = await startSapSimulator({ stateFile: v1 });
      expect(third.state.ledger.listStock()).toEqual([]);
      expect(third.state.createOrder({ plant: '1710', material: 'M', quantity: 1, unit: 'EA', workCenter: null, plannedStart: new Date(), plannedEnd: new Date(), components: [] }).id).toBe('1000005');
      await third.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

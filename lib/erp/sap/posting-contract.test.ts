// Contract tests of the SAP postings: every payload the adapter builds is
// checked against the EDMX of its service (names, Edm types, lengths,
// decimals, deep-insert navigations, creatable/updatable), the names it
// filters and reads exist, and the journal-entry SOAP body matches the
// WSDL's element names, order and lengths. The contract files are the source
// of truth (PROTOCOL-NOTES: [contract]).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractFile } from '@/lib/erp/contracts-dir';
import { ERP_REFERENCE_MAX_LENGTH, type GoodsMovementRequest } from '@/lib/erp/erp-requests.schema';
import { CONF_ITEM_NAVIGATION, CONF_ITEM_READ, CONF_ITEM_SENT, CONF_READ, CONF_REFERENCE_PROPERTY, CONF_SENT, CONF_SET, CONF_TYPE, toConfirmationPayload } from './confirmation';
import { checkPayload, entityTypeOfSet } from './edmx-payload-check';
import { parseEdmx, unqualified, type EdmxModel } from './edmx-reader';
import { DEFAULT_JOURNAL_CONFIG, JOURNAL_CONFIRMATION_ELEMENT, JOURNAL_REQUEST_ELEMENT, JOURNAL_SOAP_ACTION, JOURNAL_SOAP_PATH, buildJournalEntryEnvelope, soapBodyContent } from './journal-entry-soap';
import { toMaterialDocumentPayload } from './map-goods-movement';
import { BOM_ITEM_NAVIGATION, BOM_ITEM_READ, BOM_SELECT, BOM_SET, BOM_TYPE, STOCK_SELECT, STOCK_SET, STOCK_TYPE } from './master-data';
import {
  CANCEL_FUNCTION,
  CANCEL_PARAMETERS,
  MATDOC_HEADER_READ,
  MATDOC_HEADER_SENT,
  MATDOC_HEADER_SET,
  MATDOC_HEADER_TYPE,
  MATDOC_ITEM_NAVIGATION,
  MATDOC_ITEM_READ,
  MATDOC_ITEM_SENT,
  MATDOC_ITEM_SET,
  MATDOC_ITEM_TYPE,
  MATDOC_REFERENCE_PROPERTY,
} from './material-document-schema';
import { COMPONENT_UPDATE_NAVIGATION, COMPONENT_UPDATE_READ, COMPONENT_UPDATE_SENT, COMPONENT_UPDATE_SET, COMPONENT_UPDATE_TYPE, ORDER_DATES_SENT } from './order-change';
import { checkXmlElement, parseWsdl } from './wsdl-reader';

function load(file: string): EdmxModel {
  const path = contractFile('sap', 'odata-v2', file) ?? '';
  expect(existsSync(path), `${file} in the contracts folder (set ERP_CONTRACTS_DIR)`).toBe(true);
  return parseEdmx(readFileSync(path, 'utf8'));
}

function expectTypes(model: EdmxModel, typeName: string, expected: Record<string, string>) {
  const type = model.entityTypes.get(typeName);
  expect(type, typeName).toBeDefined();
  const declared = new Map(type?.properties.map((p) => [p.name, p.type]));
  for (const [name, edm] of Object.entries(expected)) expect(declared.get(name), `${typeName}.${name}`).toBe(edm);
}

function expectNames(model: EdmxModel, typeName: string, names: string[]) {
  const type = model.entityTypes.get(typeName);
  const declared = new Set([...(type?.properties.map((p) => p.name) ?? []), ...(type?.navigationProperties.map((n) => n.name) ?? [])]);
  for (const name of names) expect(declared.has(name), `${typeName}.${name}`).toBe(true);
}

const ORDER = '1000123';
const MOVEMENTS: GoodsMovementRequest[] = [
  { kind: 'GOODS_ISSUE', order: ORDER, items: [{ material: 'RM-100', quantity: 5.125, uom: 'KG', storageLocation: '171A', batch: 'B0001', reservation: { number: '0000012345', item: '0001' }, finalIssue: true }], text: 'Issue to order' },
  { kind: 'GOODS_ISSUE_REVERSAL', order: ORDER, items: [{ material: 'RM-100', quantity: 1, uom: 'KG', storageLocation: '171A', reservation: { number: '0000012345', item: '0001' } }] },
  { kind: 'GOODS_RECEIPT', order: ORDER, material: 'FG-200', quantity: 10, uom: 'EA', storageLocation: '171B', batch: 'LOT7', deliveryCompleted: true },
  { kind: 'SCRAP', material: 'RM-100', quantity: 2, uom: 'KG', storageLocation: '171A', costCenter: '17101101', reasonCode: '0001', order: ORDER },
  { kind: 'MISC_ISSUE', material: 'RM-100', quantity: 2, uom: 'KG', storageLocation: '171A', costCenter: '17101101' },
  { kind: 'MISC_RECEIPT', material: 'RM-100', quantity: 2, uom: 'KG', storageLocation: '171A', reasonCode: '0002' },
];
const REFERENCE = 'IL0123456789ABCDEFGHIJ';

describe('API_MATERIAL_DOCUMENT_SRV contract', () => {
  const model = load('API_MATERIAL_DOCUMENT_SRV.edmx');

  it('creates through the header set by deep insert; items are not creatable on their own', () => {
    expect(unqualified(model.entitySets.get(MATDOC_HEADER_SET) ?? '')).toBe(MATDOC_HEADER_TYPE);
    expect(model.entitySetCapabilities.get(MATDOC_HEADER_SET)?.creatable).toBe(true);
    expect(model.entitySetCapabilities.get(MATDOC_ITEM_SET)?.creatable).toBe(false);
    const nav = model.entityTypes.get(MATDOC_HEADER_TYPE)?.navigationProperties.find((n) => n.name === MATDOC_ITEM_NAVIGATION);
    expect(unqualified(nav?.toType ?? '')).toBe(MATDOC_ITEM_TYPE);
    expect(model.entityTypes.get(MATDOC_HEADER_TYPE)?.key).toEqual(['MaterialDocumentYear', 'MaterialDocument']);
  });

  it('declares every property the adapter sends and reads, with the types it assumes', () => {
    expectTypes(model, MATDOC_HEADER_TYPE, MATDOC_HEADER_SENT);
    expectTypes(model, MATDOC_ITEM_TYPE, MATDOC_ITEM_SENT);
    expectNames(model, MATDOC_HEADER_TYPE, MATDOC_HEADER_READ);
    expectNames(model, MATDOC_ITEM_TYPE, MATDOC_ITEM_READ);
  });

  it('has room for the whole reference in the header text it is written to', () => {
    const text = model.entityTypes.get(MATDOC_HEADER_TYPE)?.properties.find((p) => p.name === MATDOC_REFERENCE_PROPERTY);
    expect(text?.maxLength).toBe(25);
    expect(ERP_REFERENCE_MAX_LENGTH).toBeLessThanOrEqual(text?.maxLength ?? 0);
  });

  it.each(MOVEMENTS.map((m) => [m.kind, m] as const))('sends a %s payload that is valid against the EDMX', (_kind, movement) => {
    const payload = toMaterialDocumentPayload('1710', movement, REFERENCE, new Date('2026-06-01T08:00:00Z')) as unknown as Record<string, unknown>;
    const type = entityTypeOfSet(model, MATDOC_HEADER_SET);
    expect(type).toBeDefined();
    if (!type) return;
    expect(checkPayload(model, type, payload, { mode: 'create' })).toEqual([]);
  });

  it('calls Cancel with POST and the parameters the EDMX declares', () => {
    const cancel = model.functionImports.get(CANCEL_FUNCTION);
    expect(cancel?.httpMethod).toBe('POST');
    expect(cancel?.parameters.map((p) => p.name)).toEqual([...CANCEL_PARAMETERS]);
    expect(cancel?.parameters.find((p) => p.name === 'PostingDate')?.type).toBe('Edm.DateTime');
    expect(unqualified(cancel?.returnType ?? '')).toBe(MATDOC_HEADER_TYPE);
  });

  it('filters on properties that exist (header text; reversal references on items)', () => {
    expectNames(model, MATDOC_HEADER_TYPE, [MATDOC_REFERENCE_PROPERTY]);
    expectNames(model, MATDOC_ITEM_TYPE, ['ReversedMaterialDocument', 'ReversedMaterialDocumentYear']);
  });
});

describe('API_PROD_ORDER_CONFIRMATION_2_SRV contract', () => {
  const model = load('API_PROD_ORDER_CONFIRMATION_2_SRV.onprem-partial.edmx');

  it('declares what the adapter sends and reads', () => {
    expectTypes(model, CONF_TYPE, CONF_SENT);
    expectTypes(model, 'ProdnOrdConfMatlDocItmType', CONF_ITEM_SENT);
    expectNames(model, CONF_TYPE, [...CONF_READ, CONF_ITEM_NAVIGATION, CONF_REFERENCE_PROPERTY]);
    expectNames(model, 'ProdnOrdConfMatlDocItmType', CONF_ITEM_READ);
    expect(model.entityTypes.get(CONF_TYPE)?.key).toEqual(['ConfirmationGroup', 'ConfirmationCount']);
  });

  it('sends a confirmation with backflush (261) and receipt (101) that is valid against the EDMX', () => {
    const payload = toConfirmationPayload(
      '1710',
      {
        order: ORDER,
        operation: '10',
        yieldQuantity: 95,
        scrapQuantity: 5,
        uom: 'EA',
        finalConfirmation: true,
        workCenter: 'WC-ASSY',
        start: '2026-06-01T06:00:00Z',
        end: '2026-06-01T14:00:00Z',
        text: 'shift 1, rework of the seal seats',
        backflush: [
          { movement: 'GOODS_ISSUE', material: 'RM-100', quantity: 95, uom: 'KG', storageLocation: '171A', batch: 'B1' },
          { movement: 'GOODS_RECEIPT', material: 'FG-200', quantity: 95, uom: 'EA', storageLocation: '171B' },
        ],
      },
      REFERENCE,
    ) as unknown as Record<string, unknown>;
    const type = entityTypeOfSet(model, CONF_SET);
    expect(type).toBeDefined();
    if (!type) return;
    expect(checkPayload(model, type, payload, { mode: 'create' })).toEqual([]);
    expect(payload.OrderOperation).toBe('0010');
    expect(String(payload.ConfirmationText)).toHaveLength(40);
  });

  it('cancels with CancelProdnOrdConf by group and count', () => {
    expect(model.functionImports.get('CancelProdnOrdConf')?.parameters.map((p) => p.name).slice(0, 2)).toEqual(['ConfirmationGroup', 'ConfirmationCount']);
  });
});

describe('API_PRODUCTION_ORDER_2_SRV change contract', () => {
  const model = load('API_PRODUCTION_ORDER_2_SRV.edmx');

  it('patches dates on the order and a substitution on the updatable component set, both ETag-protected', () => {
    expectTypes(model, 'A_ProductionOrder_2Type', ORDER_DATES_SENT);
    expectTypes(model, COMPONENT_UPDATE_TYPE, COMPONENT_UPDATE_SENT);
    expectNames(model, COMPONENT_UPDATE_TYPE, COMPONENT_UPDATE_READ);
    expect(model.entitySetCapabilities.get(COMPONENT_UPDATE_SET)?.updatable).toBe(true);
    expect(model.entitySetCapabilities.get('A_ProductionOrder_2')?.updatable).toBe(true);
    expect(model.entityTypes.get(COMPONENT_UPDATE_TYPE)?.properties.find((p) => p.name === 'LastChangeDateTime')?.concurrencyMode).toBe('Fixed');
    const nav = model.entityTypes.get('A_ProductionOrder_2Type')?.navigationProperties.find((n) => n.name === COMPONENT_UPDATE_NAVIGATION);
    expect(unqualified(nav?.toType ?? '')).toBe(COMPONENT_UPDATE_TYPE);
    const type = model.entityTypes.get(COMPONENT_UPDATE_TYPE);
    if (!type) return;
    expect(checkPayload(model, type, { Material: 'SEAL-KIT-2V', RequiredQuantity: '100.000', StorageLocation: '171A' }, { mode: 'update' })).toEqual([]);
    const order = model.entityTypes.get('A_ProductionOrder_2Type');
    if (!order) return;
    expect(checkPayload(model, order, { MfgOrderPlannedEndDate: '/Date(1780444800000)/', MfgOrderPlannedEndTime: 'PT10H15M00S' }, { mode: 'update' })).toEqual([]);
  });
});

describe('API_BILL_OF_MATERIAL_SRV and API_MATERIAL_STOCK_SRV read contract', () => {
  it('selects and expands only declared names', () => {
    const bom = load('API_BILL_OF_MATERIAL_SRV.edmx');
    expect(unqualified(bom.entitySets.get(BOM_SET) ?? '')).toBe(BOM_TYPE);
    expectNames(bom, BOM_TYPE, [...BOM_SELECT, 'BillOfMaterialCategory']);
    expectNames(bom, 'MaterialBOMItemType', BOM_ITEM_READ);
    expect(bom.entityTypes.get(BOM_TYPE)?.navigationProperties.some((n) => n.name === BOM_ITEM_NAVIGATION)).toBe(true);
    const stock = load('API_MATERIAL_STOCK_SRV.edmx');
    expect(unqualified(stock.entitySets.get(STOCK_SET) ?? '')).toBe(STOCK_TYPE);
    expectNames(stock, STOCK_TYPE, STOCK_SELECT);
  });
});

describe('JournalEntryCreateRequestConfirmation_In (SOAP) contract', () => {
  const file = contractFile('sap', 'soap', 'JournalEntryCreateRequestConfirmation_In.wsdl') ?? '';
  const wsdl = parseWsdl(readFileSync(file, 'utf8'));

  it('posts to the WSDL’s address path with its SOAPAction', () => {
    expect(new URL(wsdl.address ?? 'http://x/').pathname).toBe(JOURNAL_SOAP_PATH);
    expect(wsdl.soapAction).toBe(JOURNAL_SOAP_ACTION);
    expect(wsdl.elements.get(JOURNAL_REQUEST_ELEMENT)).toBe('JournalEntryCreateRequestBulkMessage');
    expect(wsdl.elements.get(JOURNAL_CONFIRMATION_ELEMENT)).toBe('JournalEntryCreateConfirmationBulkMessage');
  });

  it.each([
    ['a short reference (fits DocumentReferenceID)', 'IL12345'],
    ['a 22-character reference', REFERENCE],
  ])('builds a body with the WSDL’s element names, order and lengths for %s', (_what, reference) => {
    const xml = buildJournalEntryEnvelope(
      {
        currency: 'EUR',
        documentDate: '2026-06-01',
        postingDate: '2026-06-01',
        headerText: 'ignored: the reference is the header text',
        lines: [
          { glAccount: '0051100000', side: 'DEBIT', amount: 1234.5, costCenter: '17101101', profitCenter: 'YB101', order: ORDER, material: 'RM-100', text: 'Scrap & rework <A>' },
          { glAccount: '0079000000', side: 'CREDIT', amount: 1234.5 },
        ],
      },
      reference,
      '1710',
      DEFAULT_JOURNAL_CONFIG,
      new Date('2026-06-01T08:00:00.123Z'),
    );
    const body = soapBodyContent(xml);
    expect(body?.name).toBe(JOURNAL_REQUEST_ELEMENT);
    if (!body) return;
    expect(checkXmlElement(wsdl, 'JournalEntryCreateRequestBulkMessage', body)).toEqual([]);
  });

  it('detects a body that breaks the WSDL (wrong name, wrong order, missing element, too long)', () => {
    const xml = buildJournalEntryEnvelope(
      { currency: 'EUR', documentDate: '2026-06-01', postingDate: '2026-06-01', lines: [{ glAccount: '1', side: 'DEBIT', amount: 1 }, { glAccount: '2', side: 'CREDIT', amount: 1 }] },
      REFERENCE,
      '1710',
      DEFAULT_JOURNAL_CONFIG,
    );
    const broken = xml
      .replace('<CompanyCode>1710</CompanyCode>', '<Company>1710</Company>')
      .replace(/<GLAccount>1<\/GLAccount>/, '<GLAccount>12345678901</GLAccount>')
      .replace(/<DocumentDate>[^<]*<\/DocumentDate>/, '');
    const body = soapBodyContent(broken);
    if (!body) throw new Error('no body');
    const problems = checkXmlElement(wsdl, 'JournalEntryCreateRequestBulkMessage', body).map((p) => `${p.path}: ${p.message}`);
    expect(problems.some((p) => p.includes('Company is not an element'))).toBe(true);
    expect(problems.some((p) => p.includes('GLAccount: 11 characters'))).toBe(true);
    expect(problems.some((p) => p.includes('DocumentDate is required'))).toBe(true);
  });
});

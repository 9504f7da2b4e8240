// API_MATERIAL_DOCUMENT_SRV and API_PROD_ORDER_CONFIRMATION_2_SRV in the
// simulator. Creates enforce what Gateway enforces beyond the EDMX: the
// properties allowed and required per movement type (MM_IM_ODATA_API_MDOC/011),
// the goods-movement code that fits the movement type, stock and posting
// periods (through the ledger). New documents can be made to stay unreadable
// for a while (the slowReadBackMs fault), as SAP's asynchronous update task
// makes them on real systems.
import { unqualified } from '@/lib/erp/sap/edmx-reader';
import { formatEdmTime, formatODataDate, isODataDate, parseDecimal, parseODataDate } from '@/lib/erp/sap/odata-values';
import type { SapSimFaults } from './sap-sim-faults';
import { STOCK_DIRECTION, type NewMaterialDocumentItem, type SapSimLedger, type SimConfirmation, type SimFailure, type SimMaterialDocument } from './sap-sim-ledger';
import type { SimModel } from './sap-sim-model';
import { completeRecord, type JsonObject, type WireRecord } from './sap-sim-odata';
import { parameterValue, type EntitySetHandler, type SimEntity, type SimOutcome } from './sap-sim-routes';

interface MovementRule {
  code: string[];
  refDocType: '' | 'F';
  mandatory: string[];
  optional: string[];
}

const BASE = ['Material', 'Plant', 'StorageLocation', 'GoodsMovementType', 'QuantityInEntryUnit', 'EntryUnit'];
const TEXT = ['MaterialDocumentItemText', 'Batch'];

/**
 * The server's own rules per movement type: what the field reports say
 * Gateway accepts. Deliberately written apart from the adapter's table so a
 * wrong table there fails here.
 */
const MOVEMENT_RULES: Record<string, MovementRule> = {
  '261': { code: ['03'], refDocType: '', mandatory: [...BASE, 'ManufacturingOrder'], optional: [...TEXT, 'Reservation', 'ReservationItem', 'ReservationIsFinallyIssued', 'ManufacturingOrderItem'] },
  '262': { code: ['06', '03'], refDocType: '', mandatory: [...BASE, 'ManufacturingOrder'], optional: [...TEXT, 'Reservation', 'ReservationItem', 'MaterialDocumentPostingType', 'ManufacturingOrderItem'] },
  '101': { code: ['02'], refDocType: 'F', mandatory: [...BASE, 'ManufacturingOrder', 'GoodsMovementRefDocType'], optional: [...TEXT, 'ManufacturingOrderItem', 'IsCompletelyDelivered'] },
  '551': { code: ['03'], refDocType: '', mandatory: [...BASE, 'CostCenter'], optional: [...TEXT, 'GoodsMovementReasonCode'] },
  '201': { code: ['03'], refDocType: '', mandatory: [...BASE, 'CostCenter'], optional: [...TEXT, 'GoodsMovementReasonCode'] },
  '501': { code: ['05'], refDocType: '', mandatory: BASE, optional: [...TEXT, 'GoodsMovementReasonCode'] },
};

const INVENTORY_TRANSACTION: Record<string, string> = { '02': 'WF', '03': 'WA', '05': 'WZ', '06': 'WA' };

function failure(status: number, code: string, message: string, details?: { code: string; message: string }[]): SimFailure {
  return { status, code, message, details: details ?? [{ code, message }] };
}

/** /Date(ms)/ or ISO → "YYYY-MM-DD"; null when unreadable. */
function dayOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (isODataDate(value)) return parseODataDate(value).toISOString().slice(0, 10);
  const ms = Date.parse(/[Zz]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 10);
}

function odataDay(day: string): string {
  return formatODataDate(new Date(`${day}T00:00:00Z`));
}

function navigationEntries(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value as JsonObject[];
  if (typeof value === 'object' && value !== null && Array.isArray((value as { results?: unknown }).results)) return (value as { results: JsonObject[] }).results;
  return [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export interface DocumentServiceContext {
  ledger: SapSimLedger;
  faults: SapSimFaults;
  now: () => Date;
  user: string;
}

/** True when a document created at `createdAt` may be read already (the slow read-back fault). */
function visible(ctx: DocumentServiceContext, createdAt: string): boolean {
  return ctx.now().getTime() - Date.parse(createdAt) >= ctx.faults.slowReadBackMs;
}

function itemValues(doc: SimMaterialDocument, item: SimMaterialDocument['items'][number]): WireRecord {
  const receipt = STOCK_DIRECTION[item.movementType] === 1;
  return {
    MaterialDocumentYear: doc.year,
    MaterialDocument: doc.number,
    MaterialDocumentItem: item.item,
    Material: item.material,
    Plant: item.plant,
    StorageLocation: item.storageLocation,
    Batch: item.batch,
    GoodsMovementType: item.movementType,
    InventoryStockType: '01',
    ManufacturingOrder: item.order,
    ManufacturingOrderItem: item.orderItem,
    GoodsMovementRefDocType: item.refDocType,
    GoodsMovementReasonCode: item.reasonCode,
    CostCenter: item.costCenter,
    MaterialBaseUnit: item.unit,
    QuantityInBaseUnit: item.quantity,
    EntryUnit: item.unit,
    QuantityInEntryUnit: item.quantity,
    FiscalYear: doc.year,
    IsCompletelyDelivered: item.deliveryCompleted,
    MaterialDocumentItemText: item.text,
    Reservation: item.reservation,
    ReservationItem: item.reservationItem,
    ReservationIsFinallyIssued: item.finallyIssued,
    GoodsMovementIsCancelled: item.cancelled,
    ReversedMaterialDocumentYear: item.reversedYear,
    ReversedMaterialDocument: item.reversedDocument,
    ReversedMaterialDocumentItem: item.reversedItem,
    DebitCreditCode: receipt ? 'S' : 'H',
  };
}

function headerValues(doc: SimMaterialDocument): WireRecord {
  const created = new Date(doc.createdAt);
  return {
    MaterialDocumentYear: doc.year,
    MaterialDocument: doc.number,
    InventoryTransactionType: INVENTORY_TRANSACTION[doc.goodsMovementCode] ?? 'WA',
    DocumentDate: odataDay(doc.documentDate),
    PostingDate: odataDay(doc.postingDate),
    CreationDate: odataDay(doc.createdAt.slice(0, 10)),
    CreationTime: formatEdmTime(((created.getUTCHours() * 60 + created.getUTCMinutes()) * 60 + created.getUTCSeconds()) * 1000),
    CreatedByUser: doc.createdBy,
    MaterialDocumentHeaderText: doc.headerText,
    ReferenceDocument: '',
    VersionForPrintingSlip: '0',
    GoodsMovementCode: doc.goodsMovementCode,
  };
}

function documentEntity(doc: SimMaterialDocument): SimEntity {
  return { values: headerValues(doc), navigations: { to_MaterialDocumentItem: doc.items.map((i) => ({ values: itemValues(doc, i) })) } };
}

function checkMovementItem(item: JsonObject, goodsMovementCode: string, index: number): SimFailure | null {
  const movementType = text(item.GoodsMovementType);
  const rule = MOVEMENT_RULES[movementType];
  if (!rule) return failure(400, 'MM_IM_ODATA_API_MDOC/010', `GoodsMovementType ${movementType || '(empty)'} is not supported by the API`);
  const allowed = new Set([...rule.mandatory, ...rule.optional]);
  for (const name of Object.keys(item)) {
    if (name === '__metadata' || name === 'MaterialDocumentItem') continue;
    if (!allowed.has(name)) return failure(400, 'MM_IM_ODATA_API_MDOC/011', `Property ${name} is not supported for GoodsMovementType ${movementType}`);
  }
  for (const name of rule.mandatory) {
    if (item[name] === undefined || item[name] === '') return failure(400, 'MM_IM_ODATA_API_MDOC/012', `Property ${name} is mandatory for GoodsMovementType ${movementType} (item ${index + 1})`);
  }
  if (text(item.GoodsMovementRefDocType) !== rule.refDocType) {
    return failure(400, 'MM_IM_ODATA_API_MDOC/011', `GoodsMovementRefDocType '${text(item.GoodsMovementRefDocType)}' is not supported for GoodsMovementType ${movementType}`);
  }
  if (!rule.code.includes(goodsMovementCode)) {
    return failure(400, 'MM_IM_ODATA_API_MDOC/013', `GoodsMovementCode ${goodsMovementCode || '(empty)'} does not fit GoodsMovementType ${movementType}`);
  }
  return null;
}

function toLedgerItem(item: JsonObject): NewMaterialDocumentItem {
  return {
    material: text(item.Material),
    plant: text(item.Plant),
    storageLocation: text(item.StorageLocation),
    batch: text(item.Batch),
    movementType: text(item.GoodsMovementType),
    quantity: parseDecimal(text(item.QuantityInEntryUnit) || '0'),
    unit: text(item.EntryUnit),
    order: text(item.ManufacturingOrder),
    orderItem: text(item.ManufacturingOrderItem),
    refDocType: text(item.GoodsMovementRefDocType),
    reservation: text(item.Reservation),
    reservationItem: text(item.ReservationItem),
    finallyIssued: item.ReservationIsFinallyIssued === true,
    costCenter: text(item.CostCenter),
    reasonCode: text(item.GoodsMovementReasonCode),
    deliveryCompleted: item.IsCompletelyDelivered === true,
    text: text(item.MaterialDocumentItemText),
  };
}

export function materialDocumentEntitySets(ctx: DocumentServiceContext): Record<string, EntitySetHandler> {
  const { ledger } = ctx;
  const visibleDocs = () => ledger.listMaterialDocuments().filter((d) => visible(ctx, d.createdAt));
  return {
    A_MaterialDocumentHeader: {
      list: () => visibleDocs().map(documentEntity),
      find: (key) => {
        const doc = ledger.getMaterialDocument(key.MaterialDocumentYear, key.MaterialDocument);
        return doc && visible(ctx, doc.createdAt) ? documentEntity(doc) : undefined;
      },
      notFound: (key) => failure(404, 'MM_IM_ODATA_API_MDOC/002', `Material document ${key.MaterialDocument} ${key.MaterialDocumentYear} does not exist`),
      create: (body): SimOutcome<SimEntity> => {
        const goodsMovementCode = text(body.GoodsMovementCode);
        const items = navigationEntries(body.to_MaterialDocumentItem);
        if (items.length === 0) return { ok: false, failure: failure(400, 'MM_IM_ODATA_API_MDOC/001', 'Enter at least one item in to_MaterialDocumentItem') };
        for (const [index, item] of items.entries()) {
          const problem = checkMovementItem(item, goodsMovementCode, index);
          if (problem) return { ok: false, failure: problem };
        }
        const today = ctx.now().toISOString().slice(0, 10);
        const postingDate = body.PostingDate === undefined ? today : dayOf(body.PostingDate);
        const documentDate = body.DocumentDate === undefined ? postingDate : dayOf(body.DocumentDate);
        if (!postingDate || !documentDate) return { ok: false, failure: failure(400, '/IWBEP/CM_MGW_RT/020', 'PostingDate or DocumentDate cannot be read') };
        const posted = ledger.postMaterialDocument({
          headerText: text(body.MaterialDocumentHeaderText),
          goodsMovementCode,
          postingDate,
          documentDate,
          createdBy: ctx.user,
          items: items.map(toLedgerItem),
        });
        if (!posted.ok) return posted;
        // Gateway has been seen answering the create with an empty item list even on success (PROTOCOL-NOTES §2.7).
        return { ok: true, value: { values: headerValues(posted.value), navigations: { to_MaterialDocumentItem: [] } } };
      },
    },
    A_MaterialDocumentItem: {
      list: () => visibleDocs().flatMap((d) => d.items.map((i) => ({ values: itemValues(d, i) }))),
      find: (key) => {
        const doc = ledger.getMaterialDocument(key.MaterialDocumentYear, key.MaterialDocument);
        const item = doc && visible(ctx, doc.createdAt) ? doc.items.find((i) => i.item === key.MaterialDocumentItem) : undefined;
        return doc && item ? { values: itemValues(doc, item) } : undefined;
      },
      notFound: (key) => failure(404, 'MM_IM_ODATA_API_MDOC/002', `Material document item ${key.MaterialDocument} ${key.MaterialDocumentYear} ${key.MaterialDocumentItem} does not exist`),
    },
  };
}

export function materialDocumentFunctions(ctx: DocumentServiceContext, model: () => SimModel): Record<string, (params: URLSearchParams) => SimOutcome<JsonObject>> {
  return {
    Cancel: (params) => {
      const year = parameterValue(params, 'MaterialDocumentYear');
      const number = parameterValue(params, 'MaterialDocument');
      if (!year || !number) return { ok: false, failure: failure(400, '/IWBEP/CM_MGW_RT/004', 'Parameters MaterialDocumentYear and MaterialDocument are required') };
      const postingDate = params.get('PostingDate') === null ? ctx.now().toISOString().slice(0, 10) : dayOf(parameterValue(params, 'PostingDate'));
      if (!postingDate) return { ok: false, failure: failure(400, '/IWBEP/CM_MGW_RT/004', 'Parameter PostingDate cannot be read') };
      const cancelled = ctx.ledger.cancelMaterialDocument(year, number, postingDate, ctx.user);
      if (!cancelled.ok) return cancelled;
      const type = model().edmx.entityTypes.get('A_MaterialDocumentHeaderType');
      const values = headerValues(cancelled.value);
      return { ok: true, value: { __metadata: { type: `${model().edmx.namespace}.A_MaterialDocumentHeaderType` }, ...(type ? completeRecord(type, values) : values) } };
    },
  };
}

// ───────────────────────── confirmations ─────────────────────────

function confirmationValues(c: SimConfirmation): WireRecord {
  return {
    ConfirmationGroup: c.group,
    ConfirmationCount: c.count,
    OrderID: c.order,
    Sequence: '0',
    OrderOperation: c.operation,
    ConfirmationText: c.text,
    Material: c.material,
    Plant: c.plant,
    ProductionUnit: c.unit,
    FinalConfirmationType: c.finalType,
    IsFinalConfirmation: c.finalType === 'X',
    IsReversed: c.reversed,
    IsReversal: c.reversal,
    PostingDate: odataDay(c.postingDate),
    ConfirmationEntryDate: odataDay(c.createdAt.slice(0, 10)),
    WorkCenter: c.workCenter,
    ExternalSystemConfirmation: c.externalGuid || null,
    ConfirmationUnit: c.unit,
    ConfirmationYieldQuantity: c.yieldQuantity,
    ConfirmationScrapQuantity: c.scrapQuantity,
  };
}

function confirmationItems(ctx: DocumentServiceContext, c: SimConfirmation): SimEntity[] {
  if (!c.materialDocument) return [];
  const doc = ctx.ledger.getMaterialDocument(c.materialDocument.year, c.materialDocument.number);
  return (doc?.items ?? []).map((i) => ({
    values: {
      ConfirmationGroup: c.group,
      ConfirmationCount: c.count,
      MaterialDocument: doc?.number ?? '',
      MaterialDocumentItem: i.item,
      MaterialDocumentYear: doc?.year ?? '',
      OrderID: c.order,
      Material: i.material,
      Plant: i.plant,
      StorageLocation: i.storageLocation,
      Batch: i.batch,
      GoodsMovementType: i.movementType,
      GoodsMovementRefDocType: i.refDocType,
      EntryUnit: i.unit,
      QuantityInEntryUnit: i.quantity,
    },
  }));
}

function confirmationEntity(ctx: DocumentServiceContext, c: SimConfirmation): SimEntity {
  return { values: confirmationValues(c), navigations: { to_ProdnOrdConfMatlDocItm: confirmationItems(ctx, c) } };
}

const CONFIRMATION_ITEM_TYPES = new Set(['261', '101']);

export function confirmationEntitySets(ctx: DocumentServiceContext): Record<string, EntitySetHandler> {
  const { ledger } = ctx;
  const visibleConfirmations = () => ledger.listConfirmations().filter((c) => visible(ctx, c.createdAt));
  return {
    ProdnOrdConf2: {
      list: () => visibleConfirmations().map((c) => confirmationEntity(ctx, c)),
      find: (key) => {
        const c = ledger.getConfirmation(key.ConfirmationGroup, key.ConfirmationCount);
        return c && visible(ctx, c.createdAt) ? confirmationEntity(ctx, c) : undefined;
      },
      notFound: (key) => failure(404, 'RU/104', `Confirmation ${key.ConfirmationGroup}/${key.ConfirmationCount} does not exist`),
      create: (body): SimOutcome<SimEntity> => {
        const order = text(body.OrderID);
        if (!order) return { ok: false, failure: failure(400, 'RU/100', 'Enter an order (OrderID)') };
        const yieldQuantity = parseDecimal(text(body.ConfirmationYieldQuantity) || '0');
        const scrapQuantity = parseDecimal(text(body.ConfirmationScrapQuantity) || '0');
        if (yieldQuantity <= 0 && scrapQuantity <= 0) return { ok: false, failure: failure(400, 'RU/011', 'Enter a yield or a scrap quantity') };
        const items = navigationEntries(body.to_ProdnOrdConfMatlDocItm);
        for (const item of items) {
          const movementType = text(item.GoodsMovementType);
          if (!CONFIRMATION_ITEM_TYPES.has(movementType)) return { ok: false, failure: failure(400, 'RU/505', `Goods movement ${movementType || '(empty)'} cannot be posted with a confirmation`) };
          if (movementType === '101' && text(item.GoodsMovementRefDocType) !== 'F') return { ok: false, failure: failure(400, 'RU/506', 'A goods receipt with a confirmation needs GoodsMovementRefDocType F') };
        }
        const postingDate = body.PostingDate === undefined ? ctx.now().toISOString().slice(0, 10) : dayOf(body.PostingDate);
        if (!postingDate) return { ok: false, failure: failure(400, '/IWBEP/CM_MGW_RT/020', 'PostingDate cannot be read') };
        const posted = ledger.postConfirmation({
          order,
          operation: text(body.OrderOperation) || '0010',
          text: text(body.ConfirmationText),
          yieldQuantity,
          scrapQuantity,
          unit: text(body.ConfirmationUnit),
          finalType: text(body.FinalConfirmationType),
          postingDate,
          workCenter: text(body.WorkCenter),
          externalGuid: text(body.ExternalSystemConfirmation),
          createdBy: ctx.user,
          items: items.map(toLedgerItem),
        });
        if (!posted.ok) return posted;
        return { ok: true, value: confirmationEntity(ctx, posted.value) };
      },
    },
    ProdnOrdConfMatlDocItm: {
      list: () => visibleConfirmations().flatMap((c) => confirmationItems(ctx, c)),
      find: (key) => {
        const c = ledger.getConfirmation(key.ConfirmationGroup, key.ConfirmationCount);
        return c ? confirmationItems(ctx, c).find((i) => i.values.MaterialDocumentItem === key.MaterialDocumentItem) : undefined;
      },
      notFound: (key) => failure(404, 'RU/104', `Confirmation item ${key.ConfirmationGroup}/${key.ConfirmationCount} does not exist`),
    },
  };
}

export function confirmationFunctions(ctx: DocumentServiceContext, model: () => SimModel): Record<string, (params: URLSearchParams) => SimOutcome<JsonObject>> {
  return {
    CancelProdnOrdConf: (params) => {
      const group = parameterValue(params, 'ConfirmationGroup');
      const count = parameterValue(params, 'ConfirmationCount');
      if (!group || !count) return { ok: false, failure: failure(400, '/IWBEP/CM_MGW_RT/004', 'Parameters ConfirmationGroup and ConfirmationCount are required') };
      const postingDate = params.get('PostingDate') === null ? ctx.now().toISOString().slice(0, 10) : dayOf(parameterValue(params, 'PostingDate'));
      if (!postingDate) return { ok: false, failure: failure(400, '/IWBEP/CM_MGW_RT/004', 'Parameter PostingDate cannot be read') };
      const cancelled = ctx.ledger.cancelConfirmation(group, count, postingDate, ctx.user);
      if (!cancelled.ok) return cancelled;
      const typeName = [...model().edmx.entityTypes.keys()].find((t) => unqualified(t) === 'ProdnOrdConf2Type');
      const type = typeName ? model().edmx.entityTypes.get(typeName) : undefined;
      const values = confirmationValues(cancelled.value);
      return { ok: true, value: { __metadata: { type: `${model().edmx.namespace}.ProdnOrdConf2Type` }, ...(type ? completeRecord(type, values) : values) } };
    },
  };
}

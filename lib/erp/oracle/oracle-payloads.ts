// Domain requests → Oracle Fusion REST payloads, and Oracle rows → domain
// types. Attribute names come from OracleResourceConfig; nothing Oracle-shaped
// leaves lib/erp/oracle.
import { createHash } from 'node:crypto';
import { ErpError, type ErpBom, type ErpBomAlternate, type ErpOrderComponent, type ErpProductionOrder, type ErpStock } from '@/lib/erp/connector';
import type { ConfirmationRequest, GoodsMovementRequest, QualityNotificationRequest } from '@/lib/erp/erp-requests.schema';
import { confirmationRequestSchema } from '@/lib/erp/erp-requests.schema';
import type { OracleResourceConfig } from './oracle-config';

export type OracleRow = Record<string, unknown>;

/** Children come as an array (framework 1–2) or as a collection {items: […]} (framework ≥3). */
export function childRows(row: OracleRow, child: string): OracleRow[] {
  const value = row[child];
  if (Array.isArray(value)) return value as OracleRow[];
  if (typeof value === 'object' && value !== null && Array.isArray((value as { items?: unknown }).items)) return (value as { items: OracleRow[] }).items;
  return [];
}

export function text(row: OracleRow, field: string, what: string): string {
  const value = row[field];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new ErpError('PROTOCOL', `Oracle ${what} has no ${field}`);
}

export function optionalText(row: OracleRow, field: string): string | null {
  const value = row[field];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

export function number(row: OracleRow, field: string, what: string): number {
  const value = row[field];
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) throw new ErpError('PROTOCOL', `Oracle ${what} has no number in ${field}`);
  return n;
}

/** The item ETag the framework puts into @context.headers of collection items (framework ≥3), or null. */
export function contextEtag(row: OracleRow): string | null {
  const context = row['@context'] as { headers?: { ETag?: unknown } } | undefined;
  return typeof context?.headers?.ETag === 'string' ? context.headers.ETag : null;
}

function instant(row: OracleRow, field: string, what: string): Date | null {
  const value = row[field];
  if (value === null || value === undefined || value === '') return null;
  const date = typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new ErpError('PROTOCOL', `Oracle ${what} has an unreadable date in ${field}`);
  return date;
}

export function toErpWorkOrder(row: OracleRow, config: OracleResourceConfig, etag: string | null): ErpProductionOrder {
  const wo = config.workOrders;
  const woNumber = text(row, wo.numberField, 'work order');
  const what = `work order ${woNumber}`;
  const dueDate = instant(row, wo.plannedCompletionField, what);
  if (!dueDate) throw new ErpError('PROTOCOL', `Oracle ${what} has no ${wo.plannedCompletionField}`);
  const operation = childRows(row, wo.operationChild)
    .map((op) => ({ seq: Number(op[wo.operationSequenceField] ?? Number.MAX_SAFE_INTEGER), workCenter: optionalText(op, wo.operationWorkCenterField) }))
    .filter((op) => op.workCenter)
    .sort((a, b) => a.seq - b.seq)[0];
  const components: ErpOrderComponent[] = childRows(row, wo.materialChild).map((m) => {
    const subinventory = optionalText(m, wo.materialSubinventoryField);
    return {
      material: text(m, wo.materialItemField, `${what} material`),
      quantity: number(m, wo.materialQuantityField, `${what} material`),
      uom: text(m, wo.materialUomField, `${what} material`),
      ...(subinventory ? { storageLocation: subinventory } : {}),
    };
  });
  return {
    erpOrderId: woNumber,
    siteId: text(row, wo.organizationField, what),
    material: text(row, wo.itemField, what),
    quantity: number(row, wo.quantityField, what),
    uom: text(row, wo.uomField, what),
    workCenter: operation?.workCenter ?? null,
    dueDate,
    scheduledStart: instant(row, wo.plannedStartField, what),
    isReleased: text(row, wo.statusField, what) === wo.releasedStatus,
    etag: etag ?? contextEtag(row),
    components,
  };
}

/** A transaction timestamp for a business day: noon UTC keeps it on that day in every time zone of a pod. */
export function transactionDate(day: string): string {
  return `${day}T12:00:00+00:00`;
}

/** A positive number the Oracle interface can hold as an id, derived from the reference. */
export function numericId(reference: string): number {
  return Number(createHash('sha256').update(`interlock:${reference}`).digest().readBigUInt64BE(0) % 9_000_000_000_000n) + 1_000_000_000_000;
}

export function materialTransactionPayload(siteId: string, request: Extract<GoodsMovementRequest, { kind: 'GOODS_ISSUE' | 'GOODS_ISSUE_REVERSAL' | 'GOODS_RECEIPT' }>, reference: string, day: string, config: OracleResourceConfig): OracleRow {
  const mt = config.materialTransactions;
  const type = mt.types[request.kind];
  const lines =
    request.kind === 'GOODS_RECEIPT'
      ? [{ material: request.material, quantity: request.quantity, uom: request.uom, storageLocation: request.storageLocation, batch: request.batch, operation: undefined as string | undefined }]
      : request.items.map((i) => ({ material: i.material, quantity: i.quantity, uom: i.uom, storageLocation: i.storageLocation, batch: i.batch, operation: i.operation }));
  return {
    SourceSystemCode: config.sourceSystemCode,
    SourceSystemType: config.sourceSystemType,
    [mt.detailChild]: lines.map((line, index) => {
      const detail: OracleRow = {
        OrganizationCode: siteId,
        WorkOrderNumber: request.order,
        WoOperationSequenceNumber: Number(line.operation ?? mt.defaultOperationSequence),
        InventoryItemNumber: line.material,
        SubinventoryCode: line.storageLocation,
        TransactionDate: transactionDate(day),
        TransactionQuantity: line.quantity,
        TransactionUOMCode: line.uom,
        TransactionTypeCode: type,
        [mt.referenceField]: reference,
        [mt.lineReferenceField]: String(index + 1),
      };
      if (line.batch) detail.TransactionLot = [{ LotNumber: line.batch, TransactionQuantity: line.quantity }];
      return detail;
    }),
  };
}

export function stagedTransactionPayload(siteId: string, request: Extract<GoodsMovementRequest, { kind: 'SCRAP' | 'MISC_ISSUE' | 'MISC_RECEIPT' }>, reference: string, day: string, config: OracleResourceConfig): OracleRow {
  const st = config.stagedTransactions;
  const issue = request.kind !== 'MISC_RECEIPT';
  // The inventory interface takes issues as negative quantities.
  const quantity = issue ? -request.quantity : request.quantity;
  const row: OracleRow = {
    OrganizationCode: siteId,
    ItemNumber: request.material,
    TransactionTypeName: st.types[request.kind],
    TransactionQuantity: quantity,
    TransactionUnitOfMeasure: request.uom,
    SubinventoryCode: request.storageLocation,
    TransactionDate: transactionDate(day),
    SourceCode: st.sourceCode,
    SourceHeaderId: numericId(reference),
    SourceLineId: 1,
    [st.referenceField]: reference,
    TransactionMode: st.transactionMode,
  };
  if (request.kind !== 'MISC_RECEIPT') row.AccountCombination = st.accountTemplate.replace('{costCenter}', request.costCenter);
  if (request.reasonCode) row.ReasonName = request.reasonCode;
  if (request.batch) row.lots = [{ LotNumber: request.batch, TransactionQuantity: quantity }];
  return row;
}

export function operationTransactionPayload(siteId: string, input: ConfirmationRequest, reference: string, day: string, config: OracleResourceConfig): OracleRow {
  const request = confirmationRequestSchema.parse(input);
  const ot = config.operationTransactions;
  const mt = config.materialTransactions;
  const sequence = Number(request.operation ?? mt.defaultOperationSequence);
  const detail: OracleRow = {
    OrganizationCode: siteId,
    WorkOrderNumber: request.order,
    OperationSequenceNumber: sequence,
    TransactionTypeCode: ot.transactionType,
    TransactionDate: transactionDate(day),
    TransactionQuantity: request.yieldQuantity,
    ScrapQuantity: request.scrapQuantity,
    TransactionUOMCode: request.uom,
    CompleteOperationFlag: request.finalConfirmation ? 'Y' : 'N',
    [ot.referenceField]: reference,
    [mt.detailChild]: request.backflush.map((b, index) => {
      const line: OracleRow = {
        OrganizationCode: siteId,
        WorkOrderNumber: request.order,
        WoOperationSequenceNumber: sequence,
        InventoryItemNumber: b.material,
        SubinventoryCode: b.storageLocation,
        TransactionDate: transactionDate(day),
        TransactionQuantity: b.quantity,
        TransactionUOMCode: b.uom,
        TransactionTypeCode: b.movement === 'GOODS_RECEIPT' ? mt.types.GOODS_RECEIPT : mt.types.GOODS_ISSUE,
        [mt.referenceField]: reference,
        [mt.lineReferenceField]: String(index + 1),
      };
      if (b.batch) line.TransactionLot = [{ LotNumber: b.batch, TransactionQuantity: b.quantity }];
      return line;
    }),
  };
  return { SourceSystemCode: config.sourceSystemCode, SourceSystemType: config.sourceSystemType, [ot.detailChild]: [detail] };
}

export function qualityIssuePayload(siteId: string, request: QualityNotificationRequest, reference: string, config: OracleResourceConfig): OracleRow {
  const q = config.qualityIssues;
  const row: OracleRow = {
    [q.fields.name]: request.description,
    [q.fields.description]: request.longText ?? request.description,
    [q.fields.item]: request.material,
    [q.fields.organization]: siteId,
    [q.fields.defectCode]: request.defectCode,
    [q.referenceField]: reference,
  };
  if (request.order) row[q.fields.workOrder] = request.order;
  if (request.quantity !== undefined) row[q.fields.quantity] = request.quantity;
  if (request.uom) row[q.fields.uom] = request.uom;
  return row;
}

export function toErpBom(row: OracleRow, config: OracleResourceConfig): ErpBom {
  const b = config.boms;
  const material = text(row, b.itemField, 'item structure');
  const what = `item structure of ${material}`;
  const name = optionalText(row, b.structureNameField) ?? b.primaryStructureName;
  return {
    material,
    alternative: name === b.primaryStructureName ? '1' : name,
    baseQuantity: 1,
    baseUom: '',
    items: childRows(row, b.componentChild)
      .map((c) => {
        const quantity = number(c, b.componentQuantityField, what);
        const uom = text(c, b.componentUomField, what);
        const alternates: ErpBomAlternate[] = childRows(c, b.substituteChild)
          .map((s) => ({ s, priority: Number(s[b.substitutePriorityField] ?? 99) }))
          .sort((x, y) => x.priority - y.priority)
          .map(({ s }, index) => ({
            material: text(s, b.substituteItemField, what),
            priority: index + 1,
            ratio: quantity > 0 ? number(s, b.substituteQuantityField, what) / quantity : 1,
            uom,
          }));
        return { itemNo: String(c[b.componentSequenceField] ?? ''), component: text(c, b.componentItemField, what), quantity, uom, alternates };
      })
      .sort((x, y) => Number(x.itemNo) - Number(y.itemNo) || x.itemNo.localeCompare(y.itemNo)),
  };
}

export function toErpStock(row: OracleRow, config: OracleResourceConfig): ErpStock {
  const o = config.onhand;
  return {
    material: text(row, o.itemField, 'on-hand balance'),
    storageLocation: text(row, o.subinventoryField, 'on-hand balance'),
    batch: optionalText(row, o.lotField) ?? '',
    stockType: 'UNRESTRICTED',
    quantity: number(row, o.quantityField, 'on-hand balance'),
    uom: optionalText(row, o.uomField) ?? '',
  };
}

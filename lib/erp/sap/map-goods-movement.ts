// Domain goods movement → the deep-insert body of A_MaterialDocumentHeader.
// Each movement type gets exactly the properties SAP allows for it: sending
// one more is a 400 MM_IM_ODATA_API_MDOC/011 on the real system, so the
// mapping checks its own output against the movement table before anything
// leaves.
import { ErpError } from '@/lib/erp/connector';
import type { GoodsMovementRequest } from '@/lib/erp/erp-requests.schema';
import { fixedDecimal, todayUtc } from '@/lib/erp/request-guards';
import { MATDOC_ITEM_NAVIGATION, MATDOC_REFERENCE_PROPERTY, SAP_MOVEMENTS, type MatDocItemProperty } from './material-document-schema';
import { formatODataDate } from './odata-values';

export type SapItemPayload = Partial<Record<MatDocItemProperty, string | boolean>>;

export interface SapMaterialDocumentPayload {
  DocumentDate: string;
  PostingDate: string;
  GoodsMovementCode: string;
  MaterialDocumentHeaderText: string;
  to_MaterialDocumentItem: { results: SapItemPayload[] };
}

/** "YYYY-MM-DD" → /Date(ms)/ at midnight UTC, the form Gateway writes Edm.DateTime dates in. */
export function sapDay(day: string): string {
  return formatODataDate(new Date(`${day}T00:00:00Z`));
}

function withoutEmpty(item: SapItemPayload): SapItemPayload {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined && v !== '')) as SapItemPayload;
}

const QUANTITY_SCALE = 3;

export function toMaterialDocumentPayload(siteId: string, request: GoodsMovementRequest, reference: string, now: Date = new Date()): SapMaterialDocumentPayload {
  const rule = SAP_MOVEMENTS[request.kind];
  const quantity = (value: number) => fixedDecimal(value, QUANTITY_SCALE, 'Quantity');
  let items: SapItemPayload[];
  switch (request.kind) {
    case 'GOODS_ISSUE':
    case 'GOODS_ISSUE_REVERSAL':
      items = request.items.map((item) =>
        withoutEmpty({
          Material: item.material,
          Plant: siteId,
          StorageLocation: item.storageLocation,
          Batch: item.batch,
          GoodsMovementType: rule.goodsMovementType,
          ManufacturingOrder: request.order,
          Reservation: item.reservation?.number,
          ReservationItem: item.reservation?.item,
          ReservationIsFinallyIssued: request.kind === 'GOODS_ISSUE' && item.finalIssue ? true : undefined,
          QuantityInEntryUnit: quantity(item.quantity),
          EntryUnit: item.uom,
          MaterialDocumentItemText: request.text,
        }),
      );
      break;
    case 'GOODS_RECEIPT':
      items = [
        withoutEmpty({
          Material: request.material,
          Plant: siteId,
          StorageLocation: request.storageLocation,
          Batch: request.batch,
          GoodsMovementType: rule.goodsMovementType,
          ManufacturingOrder: request.order,
          // The order header item: production orders have one.
          ManufacturingOrderItem: '1',
          GoodsMovementRefDocType: rule.refDocType,
          IsCompletelyDelivered: request.deliveryCompleted ? true : undefined,
          QuantityInEntryUnit: quantity(request.quantity),
          EntryUnit: request.uom,
          MaterialDocumentItemText: request.text,
        }),
      ];
      break;
    case 'SCRAP':
    case 'MISC_ISSUE':
      items = [
        withoutEmpty({
          Material: request.material,
          Plant: siteId,
          StorageLocation: request.storageLocation,
          Batch: request.batch,
          GoodsMovementType: rule.goodsMovementType,
          CostCenter: request.costCenter,
          GoodsMovementReasonCode: request.reasonCode,
          QuantityInEntryUnit: quantity(request.quantity),
          EntryUnit: request.uom,
          MaterialDocumentItemText: request.text ?? (request.kind === 'SCRAP' && request.order ? `Scrap from order ${request.order}` : undefined),
        }),
      ];
      break;
    case 'MISC_RECEIPT':
      items = [
        withoutEmpty({
          Material: request.material,
          Plant: siteId,
          StorageLocation: request.storageLocation,
          Batch: request.batch,
          GoodsMovementType: rule.goodsMovementType,
          GoodsMovementReasonCode: request.reasonCode,
          QuantityInEntryUnit: quantity(request.quantity),
          EntryUnit: request.uom,
          MaterialDocumentItemText: request.text,
        }),
      ];
      break;
  }
  for (const item of items) assertMovementProperties(request.kind, item);
  const postingDate = sapDay(request.postingDate ?? todayUtc(now));
  return {
    DocumentDate: postingDate,
    PostingDate: postingDate,
    GoodsMovementCode: rule.goodsMovementCode,
    [MATDOC_REFERENCE_PROPERTY]: reference,
    [MATDOC_ITEM_NAVIGATION]: { results: items },
  } as SapMaterialDocumentPayload;
}

/** Refuses an item that lacks a mandatory property or carries one SAP does not allow for the movement. */
export function assertMovementProperties(kind: GoodsMovementRequest['kind'], item: SapItemPayload): void {
  const rule = SAP_MOVEMENTS[kind];
  const allowed = new Set<string>([...rule.mandatory, ...rule.optional]);
  const extra = Object.keys(item).filter((k) => !allowed.has(k));
  const missing = rule.mandatory.filter((k) => item[k] === undefined || item[k] === '');
  if (extra.length === 0 && missing.length === 0) return;
  const problems = [
    ...extra.map((k) => `${k} is not supported for movement type ${rule.goodsMovementType}`),
    ...missing.map((k) => `${k} is mandatory for movement type ${rule.goodsMovementType}`),
  ];
  throw new ErpError('BUSINESS', `The ${kind} request cannot be posted as movement ${rule.goodsMovementType}: ${problems.join('; ')}; nothing was sent`, {
    messages: problems.map((text) => ({ severity: 'error', code: 'INTERLOCK/MOVEMENT_FIELDS', text })),
  });
}

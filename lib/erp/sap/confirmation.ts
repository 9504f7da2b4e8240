// API_PROD_ORDER_CONFIRMATION_2_SRV: a production confirmation with its
// backflush goods movements as a deep insert into to_ProdnOrdConfMatlDocItm
// (PROTOCOL-NOTES §2.9). Our reference travels twice: as the start of
// ConfirmationText (what a planner sees) and as ExternalSystemConfirmation, a
// GUID derived from it, which is what the read-back filters on (an exact
// match, unlike a free text).
import { z } from 'zod';
import type { ConfirmationRequest } from '@/lib/erp/erp-requests.schema';
import { confirmationRequestSchema } from '@/lib/erp/erp-requests.schema';
import { fixedDecimal, referenceGuid, todayUtc } from '@/lib/erp/request-guards';
import { sapDay } from './map-goods-movement';
import { formatEdmTime, isDecimalString } from './odata-values';

export const CONF_SERVICE_NAME = 'API_PROD_ORDER_CONFIRMATION_2_SRV';
export const CONF_SERVICE_PATH = `/sap/opu/odata/sap/${CONF_SERVICE_NAME}`;
export const CONF_SET = 'ProdnOrdConf2';
export const CONF_TYPE = 'ProdnOrdConf2Type';
export const CONF_ITEM_NAVIGATION = 'to_ProdnOrdConfMatlDocItm';
export const CONF_ITEM_TYPE = 'ProdnOrdConfMatlDocItmType';
export const CONF_REFERENCE_PROPERTY = 'ExternalSystemConfirmation';

export const CONF_SENT = {
  OrderID: 'Edm.String',
  OrderOperation: 'Edm.String',
  Sequence: 'Edm.String',
  ConfirmationText: 'Edm.String',
  ConfirmationYieldQuantity: 'Edm.Decimal',
  ConfirmationScrapQuantity: 'Edm.Decimal',
  ConfirmationUnit: 'Edm.String',
  FinalConfirmationType: 'Edm.String',
  PostingDate: 'Edm.DateTime',
  WorkCenter: 'Edm.String',
  ExternalSystemConfirmation: 'Edm.Guid',
  ConfirmedExecutionStartDate: 'Edm.DateTime',
  ConfirmedExecutionStartTime: 'Edm.Time',
  ConfirmedExecutionEndDate: 'Edm.DateTime',
  ConfirmedExecutionEndTime: 'Edm.Time',
} as const;

export const CONF_ITEM_SENT = {
  Material: 'Edm.String',
  Plant: 'Edm.String',
  StorageLocation: 'Edm.String',
  Batch: 'Edm.String',
  GoodsMovementType: 'Edm.String',
  GoodsMovementRefDocType: 'Edm.String',
  QuantityInEntryUnit: 'Edm.Decimal',
  EntryUnit: 'Edm.String',
} as const;

export type SapConfirmationItem = Partial<Record<keyof typeof CONF_ITEM_SENT, string>>;
export type SapConfirmationPayload = Partial<Record<keyof typeof CONF_SENT, string>> & { to_ProdnOrdConfMatlDocItm: { results: SapConfirmationItem[] } };

const DEFAULT_OPERATION = '0010';
const MAX_TEXT = 40;

function dateAndTime(iso: string): { date: string; time: string } {
  const d = new Date(iso);
  const day = d.toISOString().slice(0, 10);
  return { date: sapDay(day), time: formatEdmTime(((d.getUTCHours() * 60 + d.getUTCMinutes()) * 60 + d.getUTCSeconds()) * 1000) };
}

export function toConfirmationPayload(siteId: string, input: ConfirmationRequest, reference: string, now: Date = new Date()): SapConfirmationPayload {
  const request = confirmationRequestSchema.parse(input);
  const quantity = (value: number) => fixedDecimal(value, 3, 'Quantity');
  const payload: SapConfirmationPayload = {
    OrderID: request.order,
    OrderOperation: (request.operation ?? DEFAULT_OPERATION).padStart(4, '0'),
    Sequence: '0',
    ConfirmationText: [reference, request.text].filter(Boolean).join(' ').slice(0, MAX_TEXT),
    ConfirmationYieldQuantity: quantity(request.yieldQuantity),
    ConfirmationScrapQuantity: quantity(request.scrapQuantity),
    ConfirmationUnit: request.uom,
    // X final, 1 partial (BAPI FIN_CONF) [verify on tenant].
    FinalConfirmationType: request.finalConfirmation ? 'X' : '1',
    PostingDate: sapDay(request.postingDate ?? todayUtc(now)),
    ExternalSystemConfirmation: referenceGuid(reference),
    to_ProdnOrdConfMatlDocItm: {
      results: request.backflush.map((b) => {
        const item: SapConfirmationItem = {
          Material: b.material,
          Plant: siteId,
          StorageLocation: b.storageLocation,
          GoodsMovementType: b.movement === 'GOODS_RECEIPT' ? '101' : '261',
          QuantityInEntryUnit: quantity(b.quantity),
          EntryUnit: b.uom,
        };
        if (b.batch) item.Batch = b.batch;
        if (b.movement === 'GOODS_RECEIPT') item.GoodsMovementRefDocType = 'F';
        return item;
      }),
    },
  };
  if (request.workCenter) payload.WorkCenter = request.workCenter;
  if (request.start) {
    const { date, time } = dateAndTime(request.start);
    payload.ConfirmedExecutionStartDate = date;
    payload.ConfirmedExecutionStartTime = time;
  }
  if (request.end) {
    const { date, time } = dateAndTime(request.end);
    payload.ConfirmedExecutionEndDate = date;
    payload.ConfirmedExecutionEndTime = time;
  }
  return payload;
}

const edmDecimal = z.string().refine(isDecimalString, { message: 'expected an Edm.Decimal string' });

export const sapConfirmationItemSchema = z.object({
  MaterialDocument: z.string(),
  MaterialDocumentYear: z.string(),
  MaterialDocumentItem: z.string(),
  Material: z.string(),
  GoodsMovementType: z.string(),
  QuantityInEntryUnit: edmDecimal,
});

export const sapConfirmationSchema = z.object({
  ConfirmationGroup: z.string().min(1),
  ConfirmationCount: z.string().min(1),
  OrderID: z.string(),
  ConfirmationText: z.string(),
  ConfirmationYieldQuantity: edmDecimal,
  IsReversed: z.boolean().nullable().optional(),
  ExternalSystemConfirmation: z.string().nullable().optional(),
  to_ProdnOrdConfMatlDocItm: z.union([z.object({ results: z.array(sapConfirmationItemSchema) }), z.object({ __deferred: z.unknown() })]).optional(),
});

export type SapConfirmation = z.infer<typeof sapConfirmationSchema>;

export const CONF_READ = Object.keys(sapConfirmationSchema.shape).filter((k) => k !== CONF_ITEM_NAVIGATION);
export const CONF_ITEM_READ = Object.keys(sapConfirmationItemSchema.shape);

export const sapConfirmationEntityResponse = z.object({ d: sapConfirmationSchema });
export const sapConfirmationCollectionResponse = z.object({ d: z.object({ results: z.array(sapConfirmationSchema) }) });

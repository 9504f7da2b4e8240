// API_MATERIAL_DOCUMENT_SRV as the adapter uses it: the names it sends and
// reads (checked against the EDMX by the contract test), the movement types
// with the properties SAP allows and requires for each (PROTOCOL-NOTES §2.7,
// §2.8), and zod schemas for the answers.
import { z } from 'zod';
import type { GoodsMovementKind } from '@/lib/erp/erp-requests.schema';
import { isDecimalString, isODataDate } from './odata-values';

export const MATDOC_SERVICE_NAME = 'API_MATERIAL_DOCUMENT_SRV';
export const MATDOC_SERVICE_PATH = `/sap/opu/odata/sap/${MATDOC_SERVICE_NAME}`;
export const MATDOC_HEADER_SET = 'A_MaterialDocumentHeader';
export const MATDOC_HEADER_TYPE = 'A_MaterialDocumentHeaderType';
export const MATDOC_ITEM_SET = 'A_MaterialDocumentItem';
export const MATDOC_ITEM_TYPE = 'A_MaterialDocumentItemType';
export const MATDOC_ITEM_NAVIGATION = 'to_MaterialDocumentItem';
/** Where our reference goes: 25 characters, filterable. */
export const MATDOC_REFERENCE_PROPERTY = 'MaterialDocumentHeaderText';
export const CANCEL_FUNCTION = 'Cancel';
export const CANCEL_PARAMETERS = ['MaterialDocumentYear', 'MaterialDocument', 'PostingDate'] as const;

/** Header properties we send, with their Edm types. */
export const MATDOC_HEADER_SENT = {
  DocumentDate: 'Edm.DateTime',
  PostingDate: 'Edm.DateTime',
  GoodsMovementCode: 'Edm.String',
  MaterialDocumentHeaderText: 'Edm.String',
} as const;

/** Item properties any movement may send, with their Edm types. */
export const MATDOC_ITEM_SENT = {
  Material: 'Edm.String',
  Plant: 'Edm.String',
  StorageLocation: 'Edm.String',
  Batch: 'Edm.String',
  GoodsMovementType: 'Edm.String',
  ManufacturingOrder: 'Edm.String',
  ManufacturingOrderItem: 'Edm.String',
  GoodsMovementRefDocType: 'Edm.String',
  GoodsMovementReasonCode: 'Edm.String',
  Reservation: 'Edm.String',
  ReservationItem: 'Edm.String',
  ReservationIsFinallyIssued: 'Edm.Boolean',
  CostCenter: 'Edm.String',
  QuantityInEntryUnit: 'Edm.Decimal',
  EntryUnit: 'Edm.String',
  IsCompletelyDelivered: 'Edm.Boolean',
  MaterialDocumentItemText: 'Edm.String',
} as const;

export type MatDocItemProperty = keyof typeof MATDOC_ITEM_SENT;

export interface SapMovementRule {
  goodsMovementType: string;
  /** BAPI GM_CODE (PROTOCOL-NOTES §2.7). */
  goodsMovementCode: string;
  /** F for receipts against the production order; empty otherwise. */
  refDocType: '' | 'F';
  /** Properties the item must carry. */
  mandatory: MatDocItemProperty[];
  /** Properties the item may carry besides the mandatory ones; anything else SAP refuses (MM_IM_ODATA_API_MDOC/011). */
  optional: MatDocItemProperty[];
}

const BASE: MatDocItemProperty[] = ['Material', 'Plant', 'StorageLocation', 'GoodsMovementType', 'QuantityInEntryUnit', 'EntryUnit'];

/**
 * Movement types per domain movement. The property sets follow the field
 * reports in PROTOCOL-NOTES; customizing on a tenant can make more fields
 * mandatory (e.g. a reason code for scrap) [verify per tenant].
 */
export const SAP_MOVEMENTS: Record<GoodsMovementKind, SapMovementRule> = {
  GOODS_ISSUE: {
    goodsMovementType: '261',
    goodsMovementCode: '03',
    refDocType: '',
    mandatory: [...BASE, 'ManufacturingOrder'],
    optional: ['Batch', 'Reservation', 'ReservationItem', 'ReservationIsFinallyIssued', 'MaterialDocumentItemText'],
  },
  GOODS_ISSUE_REVERSAL: {
    goodsMovementType: '262',
    goodsMovementCode: '06',
    refDocType: '',
    mandatory: [...BASE, 'ManufacturingOrder'],
    optional: ['Batch', 'Reservation', 'ReservationItem', 'MaterialDocumentItemText'],
  },
  GOODS_RECEIPT: {
    goodsMovementType: '101',
    goodsMovementCode: '02',
    refDocType: 'F',
    mandatory: [...BASE, 'ManufacturingOrder', 'ManufacturingOrderItem', 'GoodsMovementRefDocType'],
    optional: ['Batch', 'IsCompletelyDelivered', 'MaterialDocumentItemText'],
  },
  SCRAP: {
    goodsMovementType: '551',
    goodsMovementCode: '03',
    refDocType: '',
    mandatory: [...BASE, 'CostCenter'],
    optional: ['Batch', 'GoodsMovementReasonCode', 'MaterialDocumentItemText'],
  },
  MISC_ISSUE: {
    goodsMovementType: '201',
    goodsMovementCode: '03',
    refDocType: '',
    mandatory: [...BASE, 'CostCenter'],
    optional: ['Batch', 'GoodsMovementReasonCode', 'MaterialDocumentItemText'],
  },
  MISC_RECEIPT: {
    goodsMovementType: '501',
    goodsMovementCode: '05',
    refDocType: '',
    mandatory: BASE,
    optional: ['Batch', 'GoodsMovementReasonCode', 'MaterialDocumentItemText'],
  },
};

const edmDateTime = z.string().refine(isODataDate, { message: 'expected /Date(ms)/' });
const edmDecimal = z.string().refine(isDecimalString, { message: 'expected an Edm.Decimal string' });

export const sapMaterialDocumentItemSchema = z.object({
  MaterialDocumentYear: z.string(),
  MaterialDocument: z.string(),
  MaterialDocumentItem: z.string(),
  Material: z.string(),
  Plant: z.string(),
  StorageLocation: z.string(),
  GoodsMovementType: z.string(),
  QuantityInEntryUnit: edmDecimal,
  EntryUnit: z.string(),
  GoodsMovementIsCancelled: z.boolean().nullable().optional(),
  ReversedMaterialDocumentYear: z.string().optional(),
  ReversedMaterialDocument: z.string().optional(),
});

export const MATDOC_ITEM_READ = Object.keys(sapMaterialDocumentItemSchema.shape);

export const sapMaterialDocumentHeaderSchema = z.object({
  MaterialDocumentYear: z.string().regex(/^\d{4}$/),
  MaterialDocument: z.string().min(1),
  MaterialDocumentHeaderText: z.string(),
  GoodsMovementCode: z.string(),
  PostingDate: edmDateTime.nullable(),
  // Deferred unless expanded; the create answer has been seen with an empty list even on success.
  to_MaterialDocumentItem: z.union([z.object({ results: z.array(sapMaterialDocumentItemSchema) }), z.object({ __deferred: z.unknown() })]).optional(),
});

export type SapMaterialDocumentHeader = z.infer<typeof sapMaterialDocumentHeaderSchema>;

export const MATDOC_HEADER_READ = Object.keys(sapMaterialDocumentHeaderSchema.shape).filter((k) => k !== MATDOC_ITEM_NAVIGATION);

export const sapMaterialDocumentEntityResponse = z.object({ d: sapMaterialDocumentHeaderSchema });
export const sapMaterialDocumentCollectionResponse = z.object({ d: z.object({ results: z.array(sapMaterialDocumentHeaderSchema) }) });
export const sapMaterialDocumentItemCollectionResponse = z.object({ d: z.object({ results: z.array(sapMaterialDocumentItemSchema) }) });

// The port to an ERP, in domain terms. No vendor type (SAP entity, Oracle
// resource) crosses this file: adapters in lib/erp/<vendor> map at the edge.
// Request shapes and their validation live in erp-requests.schema.ts.
import type {
  ConfirmationRequest,
  GoodsMovementRequest,
  JournalEntryRequest,
  OrderComponentChangeRequest,
  OrderDateChangeRequest,
  QualityNotificationRequest,
} from './erp-requests.schema';

export interface ErpOrderComponent {
  material: string;
  quantity: number;
  uom: string;
  storageLocation?: string;
}

export interface ErpProductionOrder {
  erpOrderId: string;
  siteId: string;
  material: string;
  quantity: number;
  uom: string;
  workCenter: string | null;
  dueDate: Date;
  scheduledStart: Date | null;
  isReleased: boolean;
  /** Opaque concurrency token; echo it back on updates. */
  etag: string | null;
  components: ErpOrderComponent[];
}

export type ErpMessageSeverity = 'success' | 'info' | 'warning' | 'error';

export interface ErpMessage {
  severity: ErpMessageSeverity;
  code: string;
  text: string;
}

export interface ReleaseOrderResult {
  /** True when the ERP says the order is released (now or already). */
  released: boolean;
  messages: ErpMessage[];
  /** What the ERP answered, for the audit trail (credentials never included). */
  raw: unknown;
}

// ───────────────────────── Master data ─────────────────────────

export interface ErpBomAlternate {
  /** The material that may replace the item's component. */
  material: string;
  /** 1 is tried first. */
  priority: number;
  /** Alternate quantity = item quantity × ratio. */
  ratio: number;
  uom: string;
  description?: string;
}

export interface ErpBomItem {
  itemNo: string;
  component: string;
  /** Quantity per `baseQuantity` of the header material. */
  quantity: number;
  uom: string;
  description?: string;
  alternates: ErpBomAlternate[];
}

export interface ErpBom {
  material: string;
  description?: string;
  /** The ERP's BOM alternative ("1", "2", …): a material can have several. */
  alternative: string;
  baseQuantity: number;
  baseUom: string;
  items: ErpBomItem[];
}

export type ErpStockType = 'UNRESTRICTED' | 'QUALITY' | 'BLOCKED' | 'OTHER';

export interface ErpStock {
  material: string;
  /** SAP storage location, Oracle subinventory. */
  storageLocation: string;
  batch: string;
  stockType: ErpStockType;
  quantity: number;
  uom: string;
}

// ───────────────────────── Postings ─────────────────────────

export type ErpDocumentType =
  | 'MATERIAL_DOCUMENT' // SAP goods movement; Oracle inventory/material transaction
  | 'CONFIRMATION'
  | 'JOURNAL_ENTRY'
  | 'QUALITY_NOTIFICATION'
  | 'PRODUCTION_ORDER'; // a change to an order (components, dates): the order is the document

/** Documents that carry our business reference, so they can be found by it. */
export type ErpReferencedDocumentType = Exclude<ErpDocumentType, 'PRODUCTION_ORDER'>;

export interface ErpDocument {
  type: ErpDocumentType;
  /** The ERP's number (SAP MaterialDocument, Oracle transaction id, …). */
  number: string;
  /** Fiscal year where the number is only unique per year (SAP material and accounting documents). */
  year?: string;
  /** Company code or organisation where the number is only unique there. */
  scope?: string;
}

export interface ErpPostingResult {
  document: ErpDocument;
  messages: ErpMessage[];
  /** What the ERP answered, for the audit trail (credentials never included). */
  raw: unknown;
}

export interface OrderChangeResult extends ErpPostingResult {
  /** The order's concurrency token after the change. */
  etag: string | null;
  /** False when the ERP already held the requested state (a repeated or read-back change). */
  changed: boolean;
}

export type ErpErrorKind =
  | 'BUSINESS' // the ERP refused: a person must change something (messages say what)
  | 'NOT_FOUND'
  | 'CONFLICT' // stale ETag
  | 'AUTH' // credentials or authorisation
  | 'TRANSIENT' // timeout, 5xx, 429, reset: retry later
  | 'PROTOCOL'; // the answer did not match the contract

export class ErpError extends Error {
  readonly kind: ErpErrorKind;
  readonly messages: ErpMessage[];
  readonly status?: number;
  /** Seconds the ERP asked us to wait (429 Retry-After). */
  readonly retryAfterSeconds?: number;
  /** True when the request may have been committed before the failure (in doubt). */
  readonly mayHaveCommitted: boolean;

  constructor(
    kind: ErpErrorKind,
    message: string,
    options: { messages?: ErpMessage[]; status?: number; retryAfterSeconds?: number; mayHaveCommitted?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ErpError';
    this.kind = kind;
    this.messages = options.messages ?? [];
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.mayHaveCommitted = options.mayHaveCommitted ?? false;
  }
}

export interface ErpConnector {
  readonly system: 'SAP' | 'ORACLE';
  /** Orders that exist in the ERP for the site and are not yet released. */
  findUnreleasedOrders(siteId: string): Promise<ErpProductionOrder[]>;
  getOrder(siteId: string, erpOrderId: string): Promise<ErpProductionOrder | null>;
  /** Releases the order. Idempotent on the ERP side: releasing a released order reports it. */
  releaseOrder(siteId: string, erpOrderId: string): Promise<ReleaseOrderResult>;

  /** BOMs of the site (all alternatives), optionally only of the given header materials. */
  findBoms(siteId: string, materials?: string[]): Promise<ErpBom[]>;
  /** Stock of the site per storage location, batch and stock type; rows with zero stock may be left out. */
  findStock(siteId: string, materials?: string[]): Promise<ErpStock[]>;

  /**
   * Substitutes order components. Idempotent: when the order already holds the
   * requested components the call changes nothing and says so (`changed: false`);
   * otherwise a stale `etag` is a CONFLICT.
   */
  changeOrderComponents(siteId: string, request: OrderComponentChangeRequest, reference: string): Promise<OrderChangeResult>;
  /** Moves the order's planned start and/or end; idempotent like changeOrderComponents. */
  changeOrderDates(siteId: string, request: OrderDateChangeRequest, reference: string): Promise<OrderChangeResult>;

  /**
   * Posts a goods movement (issue to an order, receipt from an order, scrap,
   * reversal of an issue, miscellaneous issue or receipt). The reference is
   * written on the document so that an attempt whose outcome is unknown is
   * found again by findDocumentByReference, never by sending again.
   */
  postGoodsMovement(siteId: string, request: GoodsMovementRequest, reference: string): Promise<ErpPostingResult>;
  /**
   * Reverses a whole material document. Safe to repeat: a document that is
   * already reversed returns its reversal instead of failing or reversing twice.
   */
  cancelDocument(siteId: string, document: ErpDocument, reference: string): Promise<ErpPostingResult>;
  /** A production confirmation with the goods movements it backflushes. */
  postConfirmation(siteId: string, request: ConfirmationRequest, reference: string): Promise<ErpPostingResult>;
  createQualityNotification(siteId: string, request: QualityNotificationRequest, reference: string): Promise<ErpPostingResult>;
  postJournalEntry(siteId: string, request: JournalEntryRequest, reference: string): Promise<ErpPostingResult>;

  /**
   * The document the ERP holds for a business reference, or null when it holds
   * none (yet). `type` narrows the search to one kind of document; without it
   * every kind is searched. A null right after an in-doubt post is not proof
   * that nothing was posted: some ERPs make a new document readable only after
   * a few seconds (see the adapter's readBackSettleMs).
   */
  findDocumentByReference(siteId: string, reference: string, type?: ErpReferencedDocumentType): Promise<ErpPostingResult | null>;
}

// The port to an ERP, in domain terms. No vendor type (SAP entity, Oracle
// resource) crosses this file: adapters in lib/erp/<vendor> map at the edge.
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
}

import 'server-only';
import { z } from 'zod';
import type { Tx } from '@/lib/db';
import type { ErpConnector, ErpMessage, ErpPostingResult, ErpReferencedDocumentType } from '@/lib/erp/connector';
import {
  confirmationRequestSchema,
  goodsMovementRequestSchema,
  journalEntryRequestSchema,
  qualityNotificationRequestSchema,
} from '@/lib/erp/erp-requests.schema';

export interface OperationResult {
  /** The ERP's document for the action (order number for a release, material document, …). */
  document: string | null;
  messages: ErpMessage[];
  raw: unknown;
}

/**
 * How each kind of ERP action is sent, and how to find out whether an earlier
 * attempt already reached the ERP. `readBack` returns the result when the ERP
 * already holds the action, null when it certainly does not.
 */
export interface PostingOperation<R> {
  request: z.ZodType<R>;
  /** What else changes in Interlock when the ERP has the action, in the same transaction as POSTED. */
  afterPosted?: (tx: Tx, context: { orderId: string | null }) => Promise<void>;
  execute(connector: ErpConnector, request: R, reference: string): Promise<OperationResult>;
  readBack(connector: ErpConnector, request: R, reference: string): Promise<OperationResult | null>;
}

const site = { siteId: z.string().min(1) };

function fromPosting(r: ErpPostingResult): OperationResult {
  const d = r.document;
  return { document: d.year ? `${d.number}/${d.year}` : d.number, messages: r.messages, raw: r.raw };
}

function readBackNote(r: ErpPostingResult): OperationResult {
  const result = fromPosting(r);
  return { ...result, messages: [{ severity: 'info', code: 'READ_BACK', text: `Document ${result.document} found in the ERP by our reference on read-back` }, ...result.messages] };
}

/** A document-creating action: posted with our reference on it, found again by that reference. */
function referenced<S extends z.ZodType>(
  schema: S,
  type: ErpReferencedDocumentType,
  send: (c: ErpConnector, siteId: string, body: z.infer<S>, reference: string) => Promise<ErpPostingResult>,
): PostingOperation<{ siteId: string; body: z.infer<S> }> {
  return {
    request: z.object({ ...site, body: schema }) as unknown as z.ZodType<{ siteId: string; body: z.infer<S> }>,
    async execute(connector, r, reference) {
      return fromPosting(await send(connector, r.siteId, r.body, reference));
    },
    async readBack(connector, r, reference) {
      const found = await connector.findDocumentByReference(r.siteId, reference, type);
      return found ? readBackNote(found) : null;
    },
  };
}

const releaseRequest = z.object({ ...site, erpOrderId: z.string().min(1) });

const RELEASE_ORDER: PostingOperation<z.infer<typeof releaseRequest>> = {
  request: releaseRequest,
  async afterPosted(tx, { orderId }) {
    if (orderId) await tx.productionOrder.update({ where: { id: orderId }, data: { status: 'RELEASED', releasedAt: new Date(), note: null } });
  },
  async execute(connector, r) {
    const result = await connector.releaseOrder(r.siteId, r.erpOrderId);
    return { document: r.erpOrderId, messages: result.messages, raw: result.raw };
  },
  async readBack(connector, r) {
    // A release leaves no document of its own: the order's status is the evidence.
    const order = await connector.getOrder(r.siteId, r.erpOrderId);
    if (!order?.isReleased) return null;
    return { document: r.erpOrderId, messages: [{ severity: 'info', code: 'READ_BACK', text: `Order ${r.erpOrderId} found released in the ERP on read-back` }], raw: null };
  },
};

const cancelRequest = z.object({
  ...site,
  document: z.object({ type: z.enum(['MATERIAL_DOCUMENT', 'CONFIRMATION', 'JOURNAL_ENTRY', 'QUALITY_NOTIFICATION']), number: z.string().min(1), year: z.string().optional(), scope: z.string().optional() }),
});

export const OPERATIONS = {
  RELEASE_ORDER,
  GOODS_MOVEMENT: referenced(goodsMovementRequestSchema, 'MATERIAL_DOCUMENT', (c, s, b, ref) => c.postGoodsMovement(s, b, ref)),
  CONFIRMATION: referenced(confirmationRequestSchema, 'CONFIRMATION', (c, s, b, ref) => c.postConfirmation(s, b, ref)),
  QUALITY_NOTIFICATION: referenced(qualityNotificationRequestSchema, 'QUALITY_NOTIFICATION', (c, s, b, ref) => c.createQualityNotification(s, b, ref)),
  JOURNAL_ENTRY: referenced(journalEntryRequestSchema, 'JOURNAL_ENTRY', (c, s, b, ref) => c.postJournalEntry(s, b, ref)),
  CANCEL_DOCUMENT: {
    request: cancelRequest,
    async execute(connector, r, reference) {
      return fromPosting(await connector.cancelDocument(r.siteId, r.document, reference));
    },
    async readBack(connector, r, reference) {
      // The adapters find an existing reversal of the document (SAP's Cancel cannot carry our reference).
      const found = await connector.findDocumentByReference(r.siteId, reference, r.document.type);
      return found ? readBackNote(found) : null;
    },
  } satisfies PostingOperation<z.infer<typeof cancelRequest>>,
} as const;

export type OperationName = keyof typeof OPERATIONS;

export function getOperation(name: string): PostingOperation<unknown> | null {
  return name in OPERATIONS ? (OPERATIONS[name as OperationName] as unknown as PostingOperation<unknown>) : null;
}

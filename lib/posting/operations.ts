import 'server-only';
import { z } from 'zod';
import type { ErpConnector, ErpMessage } from '@/lib/erp/connector';

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
  execute(connector: ErpConnector, request: R, reference: string): Promise<OperationResult>;
  readBack(connector: ErpConnector, request: R, reference: string): Promise<OperationResult | null>;
}

const releaseRequest = z.object({ siteId: z.string().min(1), erpOrderId: z.string().min(1) });

const RELEASE_ORDER: PostingOperation<z.infer<typeof releaseRequest>> = {
  request: releaseRequest,
  async execute(connector, r) {
    const result = await connector.releaseOrder(r.siteId, r.erpOrderId);
    return { document: r.erpOrderId, messages: result.messages, raw: result.raw };
  },
  async readBack(connector, r) {
    const order = await connector.getOrder(r.siteId, r.erpOrderId);
    if (!order?.isReleased) return null;
    return { document: r.erpOrderId, messages: [{ severity: 'info', code: 'READ_BACK', text: `Order ${r.erpOrderId} found released in the ERP on read-back` }], raw: null };
  },
};

export const OPERATIONS: Record<string, PostingOperation<never>> = {
  RELEASE_ORDER: RELEASE_ORDER as unknown as PostingOperation<never>,
};

export function getOperation(name: string): PostingOperation<unknown> | null {
  return (OPERATIONS[name] as unknown as PostingOperation<unknown>) ?? null;
}

// What approval of an order-release recommendation will do in the ERP, shown
// to the approver exactly as it will be sent.
import type { ProposedErpAction } from '@/lib/recommendations/types';

export function releaseProposal(erpOrderId: string): ProposedErpAction {
  return {
    system: 'SAP',
    operation: 'RELEASE_ORDER',
    method: 'POST',
    path: `/sap/opu/odata/sap/API_PRODUCTION_ORDER_2_SRV/ReleaseOrder?ManufacturingOrder='${erpOrderId}'`,
    description: `Release production order ${erpOrderId} in SAP (function import ReleaseOrder, after the CSRF-token handshake).`,
  };
}

export function holdProposal(erpOrderId: string, action: 'HOLD_ORDER' | 'DELAY_RELEASE', earliestStart: Date): ProposedErpAction {
  return {
    system: 'SAP',
    operation: action,
    method: '—',
    path: '—',
    description:
      action === 'DELAY_RELEASE'
        ? `No ERP call now: order ${erpOrderId} stays unreleased until ${earliestStart.toISOString()}; it is re-checked then.`
        : `No ERP call: order ${erpOrderId} stays unreleased; the hold reason is noted on the order and it is re-checked when the blocking condition clears.`,
  };
}

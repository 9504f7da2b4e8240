// What a signature means, in words, for the signature dialog. It mirrors the
// sentence the server stores with the decision (lib/recommendations/
// decide-recommendation.ts, server-only), so the signer sees what is recorded;
// the stored sentence is the server's, shown afterwards in the decisions list.
import type { DecisionOutcome, ProposedErpAction } from '@/lib/recommendations/types';

export function signatureMeaning(outcome: DecisionOutcome, erpOrderId: string, proposed: ProposedErpAction): string {
  if (outcome === 'REJECT') return `Reject: the recommendation for order ${erpOrderId} is not followed`;
  if (outcome === 'HOLD') return `Hold: order ${erpOrderId} stays unreleased`;
  return proposed.operation === 'RELEASE_ORDER'
    ? `Approve: release order ${erpOrderId} to ${proposed.system}`
    : `Approve: keep order ${erpOrderId} unreleased (${proposed.operation === 'DELAY_RELEASE' ? 'delay' : 'hold'})`;
}

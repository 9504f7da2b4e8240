// What a signature means, in words (21 CFR Part 11). Client-safe: the signature
// dialog shows the very sentence the server stores with the decision.
import type { DecisionOutcome, ProposedErpAction } from '@/lib/recommendations/types';

export function signatureMeaning(outcome: DecisionOutcome, erpOrderId: string, proposed: ProposedErpAction): string {
  if (outcome === 'REJECT') return `Reject: the recommendation for order ${erpOrderId} is not followed`;
  if (outcome === 'HOLD') return `Hold: order ${erpOrderId} stays unreleased`;
  return proposed.operation === 'RELEASE_ORDER'
    ? `Approve: release order ${erpOrderId} to ${proposed.system}`
    : `Approve: keep order ${erpOrderId} unreleased (${proposed.operation === 'DELAY_RELEASE' ? 'delay' : 'hold'})`;
}

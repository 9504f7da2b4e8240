import { Badge } from '@/components/ui/badge';
import type { ProposedErpAction } from '@/lib/recommendations/types';

/** The exact call approval makes, so nobody signs for something they cannot see. */
export function ErpCall({ action }: { action: ProposedErpAction }) {
  return (
    <div className="erp-call" data-testid="erp-call">
      <div className="btn-row">
        <Badge tone="neutral">{action.system}</Badge>
        <span className="muted small">{action.operation}</span>
      </div>
      <code className="erp-call__line">
        <span className="erp-call__method">{action.method}</span>
        {action.path}
      </code>
      <p>{action.description}</p>
    </div>
  );
}

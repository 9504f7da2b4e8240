import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { formatDateTime } from '@/components/ui/format';
import { Table } from '@/components/ui/table';
import { TableHead } from '@/components/ui/table-head';
import { typeLabel } from '@/components/recommendations/labels';
import { describePolicyChange } from '@/lib/policies/describe-policy-change';
import type { PolicyChangeStatus, PolicyChangeView } from '@/lib/policies/types';

const OUTCOME = {
  PENDING: { label: 'Waiting', tone: 'amber' },
  APPROVED: { label: 'Approved', tone: 'green' },
  REJECTED: { label: 'Rejected', tone: 'red' },
  CANCELLED: { label: 'Withdrawn', tone: 'neutral' },
} as const satisfies Record<PolicyChangeStatus, { label: string; tone: string }>;

/** Decided policy changes, newest first: who asked, who decided, from → to. */
export function PolicyChangeHistory({ items }: { items: PolicyChangeView[] }) {
  if (items.length === 0) return <EmptyState title="No decided changes yet">Approved, rejected and withdrawn requests appear here.</EmptyState>;
  return (
    <div data-testid="policy-change-history">
      <Table stack caption="Policy changes, newest first">
        <TableHead columns={['Type / site', 'Change', 'Outcome', 'Asked', 'Decided']} />
        <tbody>
          {items.map((c) => (
            <tr key={c.id} data-testid="policy-change-row" data-status={c.status} data-policy-type={c.type} data-site={c.siteId}>
              <td data-label="Type / site">
                {typeLabel(c.type)} <span className="muted small">site {c.siteId}</span>
              </td>
              <td data-label="Change">{describePolicyChange(c.from, c.to)}</td>
              <td data-label="Outcome">
                <Badge tone={OUTCOME[c.status].tone} value={c.status}>
                  {OUTCOME[c.status].label}
                </Badge>
              </td>
              <td data-label="Asked">
                {c.requestedBy.name} <span className="muted small">{formatDateTime(c.requestedAt)}</span>
                <div className="small">“{c.reason}”</div>
              </td>
              <td data-label="Decided">
                {c.decidedBy ? (
                  <>
                    {c.decidedBy.name} <span className="muted small">{formatDateTime(c.decidedAt)}</span>
                    {c.decisionComment ? <div className="small">“{c.decisionComment}”</div> : null}
                  </>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

// The promotion gate as an admin reads it: a badge for the next rung and each
// condition with its numbers. Shared by the scorecard and the policies page.
import { Badge } from '@/components/ui/badge';
import { Icon } from '@/components/ui/icon';
import type { GateEvaluation } from '@/lib/scorecard/promotion-gate';
import type { GateStatus } from '@/lib/scorecard/types';

export function GateBadge({ status }: { status: Pick<GateStatus, 'nextRung' | 'gateApplies' | 'evaluation'> }) {
  if (!status.nextRung) return <Badge value="TOP">Top rung</Badge>;
  if (!status.gateApplies) return <Badge value="NOT_NEEDED">No gate needed</Badge>;
  return status.evaluation.met ? (
    <Badge tone="green" value="MET" testId="gate-badge">
      Gate met
    </Badge>
  ) : (
    <Badge tone="amber" value="NOT_MET" testId="gate-badge">
      Gate not met
    </Badge>
  );
}

export function GateConditions({ evaluation }: { evaluation: GateEvaluation }) {
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 4 }}>
      {evaluation.conditions.map((c) => (
        <li key={c.key} className="small" style={{ display: 'flex', gap: 6, alignItems: 'flex-start' }} data-testid="gate-condition" data-condition={c.key} data-passed={c.passed}>
          <Icon name={c.passed ? 'check' : 'cross'} tone={c.passed ? 'green' : 'red'} label={c.passed ? 'Passed' : 'Not passed'} />
          <span>{c.text}</span>
        </li>
      ))}
    </ul>
  );
}

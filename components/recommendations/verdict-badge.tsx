import { Badge } from '@/components/ui/badge';
import { STATUS, VERDICT } from '@/components/recommendations/labels';
import type { FeasibilityVerdict, RecommendationStatus } from '@/lib/recommendations/types';

export function VerdictBadge({ verdict }: { verdict: FeasibilityVerdict }) {
  const v = VERDICT[verdict] ?? { label: verdict, tone: 'neutral' as const };
  return (
    <Badge tone={v.tone} testId="verdict" value={verdict}>
      {v.label}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: RecommendationStatus }) {
  const s = STATUS[status] ?? { label: status, tone: 'neutral' as const };
  return (
    <Badge tone={s.tone} testId="rec-status" value={status}>
      {s.label}
    </Badge>
  );
}

import { Badge } from '@/components/ui/badge';
import type { ModelStatus } from '@/lib/models/types';

const TONE = { ACTIVE: 'green', SHADOW: 'teal', CANDIDATE: 'blue', RETIRED: 'neutral' } as const;
const LABEL = { ACTIVE: 'Active', SHADOW: 'In shadow', CANDIDATE: 'Candidate', RETIRED: 'Retired' } as const;

export function ModelStatusBadge({ status }: { status: ModelStatus }) {
  return (
    <Badge tone={TONE[status]} value={status} testId="model-status">
      {LABEL[status]}
    </Badge>
  );
}

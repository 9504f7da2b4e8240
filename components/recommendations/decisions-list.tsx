import { Badge } from '@/components/ui/badge';
import { formatDateTime } from '@/components/ui/format';
import { OUTCOME_LABEL } from '@/components/recommendations/labels';
import type { DecisionView } from '@/lib/recommendations/types';

const TONE = { APPROVE: 'green', REJECT: 'red', HOLD: 'amber' } as const;

/** Each decision with its signature: who, when, and what the signature meant. */
export function DecisionsList({ decisions }: { decisions: DecisionView[] }) {
  if (decisions.length === 0) return <p className="muted">No decisions yet.</p>;
  return (
    <ul className="findings" data-testid="decisions">
      {decisions.map((d) => (
        <li key={d.id} className="posting" data-testid="decision">
          <div className="posting__head">
            <Badge tone={TONE[d.outcome]} value={d.outcome}>
              {OUTCOME_LABEL[d.outcome]}
            </Badge>
            <strong>{d.isAutomatic ? `${d.actorName} (automatic, by policy)` : d.actorName}</strong>
            <span className="muted small">
              <time dateTime={d.createdAt}>{formatDateTime(d.createdAt, true)}</time>
            </span>
          </div>
          <p className="small">
            <span className="muted">Signature meaning: </span>
            {d.signatureMeaning}
          </p>
          {d.comment ? (
            <p className="small">
              <span className="muted">Comment: </span>
              {d.comment}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

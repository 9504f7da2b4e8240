import { Badge } from '@/components/ui/badge';
import { formatDateTime } from '@/components/ui/format';
import { OUTCOME_LABEL, VERDICT } from '@/components/recommendations/labels';
import { getReasonCode } from '@/lib/recommendations/reason-codes';
import type { DecisionView } from '@/lib/recommendations/types';

const TONE = { APPROVE: 'green', REJECT: 'red', HOLD: 'amber' } as const;

/** Each decision with its signature: who, when, what the signature meant, the reason and any correction. */
export function DecisionsList({ decisions, decisionType }: { decisions: DecisionView[]; decisionType: string }) {
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
          {d.reasonCode ? (
            <p className="small" data-testid="decision-reason" data-code={d.reasonCode}>
              <span className="muted">Reason: </span>
              {getReasonCode(decisionType, d.reasonCode)?.label ?? d.reasonCode}
            </p>
          ) : null}
          {d.edit?.verdict ? (
            <p className="small" data-testid="decision-corrected-verdict">
              <span className="muted">Corrected verdict: </span>
              {VERDICT[d.edit.verdict]?.label ?? d.edit.verdict}
            </p>
          ) : null}
          {d.edit?.earliestStart ? (
            <p className="small" data-testid="decision-hold-until">
              <span className="muted">Hold until: </span>
              <time dateTime={d.edit.earliestStart}>{formatDateTime(d.edit.earliestStart)}</time>
            </p>
          ) : null}
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

import { Badge } from '@/components/ui/badge';
import { Spinner } from '@/components/ui/spinner';
import { formatDateTime } from '@/components/ui/format';
import { POSTING_STATE } from '@/components/recommendations/labels';
import { currentPosting } from '@/components/recommendations/recommendation-queries';
import { FailedPostingActions } from '@/components/recommendations/failed-posting-actions';
import { ReversePostingAction } from '@/components/recommendations/reverse-posting-action';
import type { PostingView, RecommendationDetail } from '@/lib/recommendations/types';

const MESSAGE_TONE: Record<string, 'green' | 'blue' | 'amber' | 'red'> = { success: 'green', info: 'blue', warning: 'amber', error: 'red' };

function PostingCard({ posting, current, system }: { posting: PostingView; current: boolean; system: string }) {
  const state = POSTING_STATE[posting.state] ?? { label: posting.state, tone: 'neutral' as const };
  const inFlight = posting.state === 'QUEUED' || posting.state === 'POSTING';
  // Test ids only on the posting that tells the current outcome, so there is exactly one of each.
  const tid = (id: string) => (current ? id : undefined);
  return (
    <div className="posting" aria-live={current ? 'polite' : undefined}>
      <div className="posting__head">
        <Badge tone={state.tone} testId={tid('posting-state')} value={posting.state}>
          {state.label}
        </Badge>
        <span className="small">{posting.operation}</span>
        <span className="muted small">
          attempt{posting.attempts === 1 ? '' : 's'}: {posting.attempts} · updated {formatDateTime(posting.updatedAt, true)}
        </span>
      </div>
      {inFlight ? (
        <p className="muted small">
          <Spinner label="Waiting for the ERP" /> Waiting for {system} to answer…
        </p>
      ) : null}
      {posting.erpDocument ? (
        <p>
          <span className="muted">ERP document </span>
          <strong className="mono" data-testid={tid('erp-document')}>
            {posting.erpDocument}
          </strong>
          {posting.postedAt ? <span className="muted small"> · posted {formatDateTime(posting.postedAt, true)}</span> : null}
        </p>
      ) : null}
      {posting.messages.length > 0 ? (
        <div data-testid={tid('erp-message')}>
          <ul className="erp-messages">
            {posting.messages.map((m, i) => (
              <li key={`${m.code}-${i}`}>
                <Badge tone={MESSAGE_TONE[m.severity] ?? 'blue'}>{m.severity}</Badge>
                <span className="break">
                  {m.text}
                  {m.code ? <span className="muted small mono"> ({m.code})</span> : null}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {posting.lastError ? (
        // With no ERP messages the error is the ERP's answer, so it carries the message id then.
        <p className="field__error break" data-testid={posting.messages.length > 0 ? tid('posting-error') : tid('erp-message')}>
          {posting.lastError}
        </p>
      ) : null}
    </div>
  );
}

export function PostingsPanel({ rec }: { rec: RecommendationDetail }) {
  const current = currentPosting(rec);
  if (!current) {
    if (rec.status === 'APPROVED' || rec.status === 'AUTO_APPROVED') {
      return (
        <p className="muted" data-testid="posting-state" data-value="PENDING_QUEUE">
          <Spinner label="Queuing" /> Approved — queuing the ERP call…
        </p>
      );
    }
    return <p className="muted">Nothing has been sent to the ERP.</p>;
  }
  const older = rec.postings.filter((p) => p.id !== current.id);
  return (
    <div>
      <PostingCard posting={current} current system={rec.proposedAction.system} />
      {current.state === 'FAILED' && rec.can.resolvePosting ? <FailedPostingActions recommendationId={rec.id} postingId={current.id} /> : null}
      {current.state === 'POSTED' && current.operation === 'GOODS_MOVEMENT' && rec.can.reverse ? <ReversePostingAction recommendationId={rec.id} postingId={current.id} document={current.erpDocument} /> : null}
      {older.map((p) => (
        <PostingCard key={p.id} posting={p} current={false} system={rec.proposedAction.system} />
      ))}
    </div>
  );
}

import Link from 'next/link';
import { formatPercent } from '@/components/ui/format';
import { RelativeTime } from '@/components/ui/time';
import { Skeleton } from '@/components/ui/spinner';
import { ACTION_LABEL } from '@/components/recommendations/labels';
import { StatusBadge, VerdictBadge } from '@/components/recommendations/verdict-badge';
import type { RecommendationListItem } from '@/lib/recommendations/types';

/** Column titles for wide screens; below ~960 px each row lays itself out as a two-line card. */
export function RecommendationListHead() {
  return (
    <div className="rec-list__head" aria-hidden="true">
      <span>Impact</span>
      <span>Order · material · qty</span>
      <span>Line / WC</span>
      <span>Verdict</span>
      <span>Recommended</span>
      <span style={{ textAlign: 'right' }}>Conf.</span>
      <span>Status</span>
    </div>
  );
}

export function RecommendationRow({ rec, now }: { rec: RecommendationListItem; now: number }) {
  const order = rec.order;
  return (
    <Link href={`/recommendations/${rec.id}`} className="rec-row" data-testid="rec-row" data-rec-id={rec.id} prefetch={false}>
      <span className="rec-row__impact">
        <span className="visually-hidden">Impact </span>
        <RelativeTime iso={rec.impactAt} warnWhenPast now={now} />
      </span>
      <span className="rec-row__order">
        {order ? (
          <>
            <strong>{order.erpOrderId}</strong>
            <span className="truncate small">
              {order.material} · {order.quantity.toLocaleString()} {order.uom}
            </span>
          </>
        ) : (
          <span className="muted">No order</span>
        )}
      </span>
      <span className="rec-row__line">
        <span className="truncate">{rec.lineCode ?? '—'}</span>
        <span className="truncate small muted">{rec.workCenterCode ?? ''}</span>
      </span>
      <span className="rec-row__verdict">
        <VerdictBadge verdict={rec.verdict} />
      </span>
      <span className="rec-row__action truncate">{ACTION_LABEL[rec.recommendedAction] ?? rec.recommendedAction}</span>
      <span className="rec-row__conf" title="Confidence">
        <span className="visually-hidden">Confidence </span>
        {formatPercent(rec.confidence)}
      </span>
      <span className="rec-row__status">
        <StatusBadge status={rec.status} />
      </span>
      <span className="rec-row__summary" title={rec.summary}>
        {rec.summary}
      </span>
    </Link>
  );
}

export function RecommendationRowSkeleton() {
  return (
    <div className="rec-row" aria-hidden="true">
      <span className="rec-row__impact">
        <Skeleton width="3.5rem" />
      </span>
      <span className="rec-row__order">
        <Skeleton width="70%" />
      </span>
      <span className="rec-row__line">
        <Skeleton width="50%" />
      </span>
      <span className="rec-row__verdict">
        <Skeleton width="5rem" />
      </span>
      <span className="rec-row__action">
        <Skeleton width="60%" />
      </span>
      <span className="rec-row__conf">
        <Skeleton width="2rem" />
      </span>
      <span className="rec-row__status">
        <Skeleton width="4rem" />
      </span>
      <span className="rec-row__summary">
        <Skeleton width="85%" />
      </span>
    </div>
  );
}

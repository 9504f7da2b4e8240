'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState, ErrorState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/spinner';
import { formatDateTime, formatPercent } from '@/components/ui/format';
import { RelativeTime, useNow } from '@/components/ui/time';
import { useCan, useCurrentUser } from '@/components/layout/current-user';
import { ACTION_LABEL, OUTCOME_LABEL, STATUS, typeLabel } from '@/components/recommendations/labels';
import { StatusBadge, VerdictBadge } from '@/components/recommendations/verdict-badge';
import { FindingsList } from '@/components/recommendations/findings-list';
import { EvidenceTable } from '@/components/recommendations/evidence-table';
import { ErpCall } from '@/components/recommendations/erp-call';
import { PostingsPanel } from '@/components/recommendations/postings-panel';
import { DecisionsList } from '@/components/recommendations/decisions-list';
import { HistoryTimeline } from '@/components/recommendations/history-timeline';
import { SignatureDialog, type SignatureInput } from '@/components/recommendations/signature-dialog';
import { useParentBridge } from '@/components/embedding/perspective-bridge';
import { useDecide, useRecheck, useRecommendation } from '@/components/recommendations/recommendation-queries';
import { decidePermissionFor } from '@/lib/auth/permissions';
import { isApiError } from '@/lib/http/api-client';
import { recommendationKeys } from '@/lib/recommendations/query-keys';
import { DECIDABLE_STATUSES, type DecisionOutcome, type RecommendationDetail } from '@/lib/recommendations/types';
import { Icon } from '@/components/ui/icon';
import { describeContribution, FEASIBILITY_DECISION_TYPE } from '@/lib/decisions/feasibility/engine';
import type { FeatureContribution } from '@/lib/ml/explain';

const CONFLICT_TEXT = 'This recommendation changed while you were looking at it — reloaded; review it again';

export function RecommendationDetailView({ id }: { id: string }) {
  const query = useRecommendation(id);

  if (query.isPending) return <DetailSkeleton />;
  if (query.isError) {
    const notFound = isApiError(query.error) && (query.error.status === 404 || query.error.status === 403);
    return (
      <div className="page">
        <BackLink />
        <div className="card">
          {notFound ? (
            <EmptyState title="Recommendation not found" action={<Link href="/inbox">Back to the inbox</Link>}>
              It does not exist, or it belongs to a plant area you cannot see.
            </EmptyState>
          ) : (
            <ErrorState title="Could not load this recommendation" message={query.error.message} onRetry={() => void query.refetch()} retrying={query.isFetching} />
          )}
        </div>
      </div>
    );
  }
  return <Detail rec={query.data} />;
}

function BackLink() {
  return (
    <div>
      <Link href="/inbox" className="btn btn--ghost btn--small">
        ‹ Inbox
      </Link>
    </div>
  );
}

function Detail({ rec }: { rec: RecommendationDetail }) {
  const router = useRouter();
  const qc = useQueryClient();
  const user = useCurrentUser();
  const canRequest = useCan('recommendations.request');
  const decide = useDecide(rec.id);
  const recheck = useRecheck(rec.id);
  const bridge = useParentBridge();

  const [outcome, setOutcome] = useState<DecisionOutcome | null>(null);
  // The version the person reviewed when they chose to sign; a newer one on the server is a conflict.
  const [signingVersion, setSigningVersion] = useState(rec.version);
  const [conflict, setConflict] = useState<string | null>(null);
  const [decided, setDecided] = useState<DecisionOutcome | null>(null);

  const decidePermission = decidePermissionFor(rec.type);
  const roleCanDecide = decidePermission !== null && user.permissions.includes(decidePermission);
  const decidable = DECIDABLE_STATUSES.includes(rec.status);
  const showActions = decidable && roleCanDecide && rec.can.decide;
  const now = useNow();
  const expired = decidable && new Date(rec.expiresAt).getTime() < now;

  function open(o: DecisionOutcome) {
    decide.reset();
    setConflict(null);
    setDecided(null);
    setSigningVersion(rec.version);
    setOutcome(o);
  }

  async function sign(input: SignatureInput) {
    if (!outcome) return;
    try {
      const { recommendation } = await decide.mutateAsync({
        outcome,
        version: signingVersion,
        password: input.password,
        ...(input.comment ? { comment: input.comment } : {}),
        ...(input.reasonCode ? { reasonCode: input.reasonCode } : {}),
        ...(input.edit ? { edit: input.edit } : {}),
      });
      // Perspective, when it frames the console, learns of the decision at once.
      bridge.notify({ type: 'interlock:decision', recommendationId: rec.id, outcome, status: recommendation.status });
      setDecided(outcome);
      setOutcome(null);
    } catch (e) {
      if (isApiError(e) && e.status === 409) {
        setOutcome(null);
        setConflict(e.message);
        void qc.invalidateQueries({ queryKey: recommendationKeys.detail(rec.id) });
        void qc.invalidateQueries({ queryKey: recommendationKeys.lists() });
        return;
      }
      throw e;
    }
  }

  const order = rec.order;
  const hasPostingNews = rec.postings.length > 0 || rec.status === 'APPROVED' || rec.status === 'AUTO_APPROVED';

  return (
    <div className="page">
      <BackLink />

      {conflict ? (
        <Alert
          tone="warning"
          action={
            <Button size="small" onClick={() => setConflict(null)}>
              Dismiss
            </Button>
          }
        >
          <p data-testid="conflict-message">
            <strong>{CONFLICT_TEXT}</strong>
          </p>
          {conflict !== CONFLICT_TEXT ? <p className="small">{conflict}</p> : null}
        </Alert>
      ) : null}

      {decided ? (
        <Alert tone="success" testId="decision-result">
          {OUTCOME_LABEL[decided]} — signed by {user.name}.{' '}
          {decided === 'APPROVE' && rec.proposedAction.operation === 'RELEASE_ORDER'
            ? `The call to ${rec.proposedAction.system} is shown below as it happens.`
            : `Now ${STATUS[rec.status]?.label.toLowerCase() ?? rec.status}.`}
        </Alert>
      ) : null}

      <section className="card detail-head" aria-labelledby="rec-title">
        <div className="detail-head__top">
          <h1 id="rec-title">
            {order ? (
              <>
                Order <span className="mono">{order.erpOrderId}</span>
              </>
            ) : (
              typeLabel(rec.type)
            )}
          </h1>
          <VerdictBadge verdict={rec.verdict} />
          <StatusBadge status={rec.status} />
          <span className="muted small">{typeLabel(rec.type)}</span>
        </div>
        <p className="detail-head__summary">{rec.summary}</p>
        {expired ? <Alert tone="warning">This recommendation expired {formatDateTime(rec.expiresAt)}: re-check the order for a current one.</Alert> : null}
        <dl className="facts">
          <Fact label="Material">{order?.material ?? '—'}</Fact>
          <Fact label="Quantity">{order ? `${order.quantity.toLocaleString()} ${order.uom}` : '—'}</Fact>
          <Fact label="Due">{formatDateTime(order?.dueDate)}</Fact>
          <Fact label="Line / work center">
            {rec.lineCode ?? '—'} / {rec.workCenterCode ?? '—'} <span className="muted small">(site {rec.siteId})</span>
          </Fact>
          <Fact label="Recommended">{ACTION_LABEL[rec.recommendedAction] ?? rec.recommendedAction}</Fact>
          {rec.earliestStart ? <Fact label="Earliest start">{formatDateTime(rec.earliestStart)}</Fact> : null}
          <Fact label="Feasibility score" testId="score">
            {formatPercent(rec.score)}
          </Fact>
          <Fact label="Confidence" testId="confidence">
            {formatPercent(rec.confidence)}
          </Fact>
          <Fact label="Impact">
            <RelativeTime iso={rec.impactAt} warnWhenPast /> <span className="muted small">({formatDateTime(rec.impactAt)})</span>
          </Fact>
          <Fact label="Expires">
            <RelativeTime iso={rec.expiresAt} warnWhenPast={decidable} /> <span className="muted small">({formatDateTime(rec.expiresAt)})</span>
          </Fact>
          <Fact label="Model">
            <span className="mono">{rec.modelVersion}</span>
          </Fact>
          <Fact label="Created">{formatDateTime(rec.createdAt)}</Fact>
        </dl>
      </section>

      {hasPostingNews ? (
        <section className="card" aria-labelledby="posting-title">
          <div className="card__title">
            <h2 id="posting-title">ERP result</h2>
          </div>
          <PostingsPanel rec={rec} />
        </section>
      ) : null}

      <div className="grid-2">
        <section className="card" aria-labelledby="findings-title">
          <div className="card__title">
            <h2 id="findings-title">Findings</h2>
            <span className="muted small">{rec.findings.length}</span>
          </div>
          <FindingsList findings={rec.findings} />
        </section>
        <section className="card" aria-labelledby="erp-call-title">
          <div className="card__title">
            <h2 id="erp-call-title">What approval sends to the ERP</h2>
          </div>
          <ErpCall action={rec.proposedAction} />
          {!hasPostingNews ? (
            <p className="muted small" style={{ marginTop: 10 }}>
              Nothing has been sent to the ERP.
            </p>
          ) : null}
        </section>
      </div>

      <section className="card" aria-labelledby="evidence-title">
        <div className="card__title">
          <h2 id="evidence-title">Evidence: order against the floor</h2>
        </div>
        <EvidenceTable evidence={rec.evidence} />
      </section>

      <ModelExplanation rec={rec} />

      <div className="grid-2">
        <section className="card" aria-labelledby="decisions-title">
          <div className="card__title">
            <h2 id="decisions-title">Decisions and signatures</h2>
          </div>
          <DecisionsList decisions={rec.decisions} decisionType={rec.type} />
        </section>
        <section className="card" aria-labelledby="history-title">
          <div className="card__title">
            <h2 id="history-title">History</h2>
          </div>
          <HistoryTimeline history={rec.history} />
        </section>
      </div>

      {recheck.isError ? <Alert tone="error">Re-check failed: {recheck.error.message}</Alert> : null}

      <div className="action-bar" role="region" aria-label="Actions">
        <div>
          {!roleCanDecide || (decidable && !rec.can.decide) ? (
            <p className="muted" data-testid="read-only-note">
              Read-only: your role cannot decide this
            </p>
          ) : !decidable ? (
            <p className="muted">Nothing to decide: this recommendation is {(STATUS[rec.status]?.label ?? rec.status).toLowerCase()}.</p>
          ) : (
            <p className="muted small">Your decision is signed with your password.</p>
          )}
        </div>
        <div className="btn-row">
          {canRequest ? (
            <Button
              variant="ghost"
              busy={recheck.isPending}
              onClick={() => recheck.mutate(undefined, { onSuccess: ({ id }) => router.push(`/recommendations/${id}`) })}
              data-testid="recheck-button"
            >
              Re-check now
            </Button>
          ) : null}
          {showActions ? (
            <>
              <Button variant="danger" onClick={() => open('REJECT')} data-testid="reject-button">
                Reject
              </Button>
              {rec.status !== 'HELD' ? (
                <Button variant="hold" onClick={() => open('HOLD')} data-testid="hold-button">
                  Hold
                </Button>
              ) : null}
              <Button variant="approve" onClick={() => open('APPROVE')} data-testid="approve-button">
                Approve
              </Button>
            </>
          ) : null}
        </div>
      </div>

      <SignatureDialog outcome={outcome} rec={rec} onClose={() => setOutcome(null)} onSign={sign} busy={decide.isPending} />
    </div>
  );
}

/** The model inputs that moved the on-time probability most (stored with the recommendation when it was scored). */
function ModelExplanation({ rec }: { rec: RecommendationDetail }) {
  const items = (rec.evidence as RecommendationDetail['evidence'] & { explanation?: FeatureContribution[] }).explanation;
  if (rec.type !== FEASIBILITY_DECISION_TYPE || !items || items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="explanation-title">
      <div className="card__title">
        <h2 id="explanation-title">Why the model scored it so</h2>
        <span className="muted small">
          <span className="mono">{rec.modelVersion}</span>, largest effects first
        </span>
      </div>
      <ul className="findings" data-testid="explanation">
        {items.map((c) => (
          <li key={c.feature} className={`finding ${c.contribution > 0 ? 'finding--info' : 'finding--warning'}`} data-testid="explanation-item" data-feature={c.feature}>
            <Icon name={c.contribution > 0 ? 'info' : 'warning'} tone={c.contribution > 0 ? 'blue' : 'amber'} label={c.contribution > 0 ? 'Raised' : 'Lowered'} />
            <p>
              {describeContribution(c)}{' '}
              <span className="muted small">
                ({c.contribution > 0 ? '+' : ''}
                {c.contribution.toFixed(2)} log-odds)
              </span>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function DetailSkeleton() {
  return (
    <div className="page" aria-busy="true" aria-label="Loading recommendation">
      <BackLink />
      <div className="card detail-head">
        <Skeleton width="40%" height={24} />
        <Skeleton width="80%" />
        <div className="facts">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} width="70%" />
          ))}
        </div>
      </div>
      <div className="grid-2">
        <div className="card">
          <Skeleton width="90%" />
        </div>
        <div className="card">
          <Skeleton width="90%" />
        </div>
      </div>
    </div>
  );
}

'use client';

import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState, ErrorState } from '@/components/ui/empty-state';
import { formatDateTime } from '@/components/ui/format';
import { Skeleton } from '@/components/ui/spinner';
import { Table } from '@/components/ui/table';
import { TableHead } from '@/components/ui/table-head';
import { useCan, useCurrentUser } from '@/components/layout/current-user';
import type { ModelPromotionStatus, ModelPromotionView, ModelVersionView } from '@/lib/models/types';
import { SignedActionDialog, type SignedActionSpec } from '@/components/signed-action-dialog';
import { REASON_MAX } from '@/lib/models/model-lifecycle.schema';
import { fixed } from './metric-format';
import { useDecidePromotion, useEndShadow, usePromotions, useRollback } from './model-lifecycle-queries';

const STATUS_TONE = { PENDING: 'amber', APPROVED: 'green', REJECTED: 'red', CANCELLED: 'neutral' } as const satisfies Record<ModelPromotionStatus, string>;
const STATUS_LABEL = { PENDING: 'Waiting for approval', APPROVED: 'Approved', REJECTED: 'Rejected', CANCELLED: 'Cancelled' } as const;

const at = (engine: string, version: number | null) => (version === null ? 'none' : `${engine}@${version}`);

/** The held-out headlines a request recorded, when it recorded them in the shape requestModelPromotion writes. */
function heldOutOf(evidence: unknown): { target: string; active: string | null } | null {
  const heldOut = (evidence as { heldOut?: { target?: Headline; active?: Headline | null } } | null)?.heldOut;
  if (!heldOut?.target) return null;
  const show = (h: Headline) => `${h.modelId}: ${h.name} ${fixed(h.value)}`;
  return { target: show(heldOut.target), active: heldOut.active ? show(heldOut.active) : null };
}
/**
 * Agreement with people's decisions of the versions involved, from the
 * comparison snapshot the request stored (lib/scorecard/compare-model-versions.ts).
 */
function agreementOf(evidence: unknown, ids: string[]): string[] {
  const scorecard = (evidence as { scorecard?: { days?: number; versions?: { modelId: string; tally?: { decisions: number; agreementRate: number | null; criticalMisses: number } }[] } } | null)?.scorecard;
  if (!scorecard?.versions) return [];
  return ids.flatMap((id) => {
    const tally = scorecard.versions?.find((v) => v.modelId === id)?.tally;
    if (!tally) return [`${id}: no decided recommendations in ${scorecard.days ?? '?'} days`];
    const rate = tally.agreementRate === null ? '—' : `${Math.round(tally.agreementRate * 1000) / 10} %`;
    return [`${id}: agrees with people on ${rate} of ${tally.decisions} decisions, ${tally.criticalMisses} critical miss${tally.criticalMisses === 1 ? '' : 'es'}`];
  });
}

interface Headline {
  modelId: string;
  name: string;
  value: number | null;
}

/**
 * Which version serves and which is in shadow, the promotion waiting for a
 * second admin, and every promotion and rollback so far. Admin actions are
 * offered to admins only; the server checks them again.
 */
export function LifecyclePanel({ engine, versions, currentFileVersion }: { engine: string; versions: ModelVersionView[]; currentFileVersion: number | null }) {
  const canManage = useCan('models.manage');
  const user = useCurrentUser();
  const promotions = usePromotions(engine);
  const endShadow = useEndShadow(engine);
  const rollback = useRollback(engine);
  const decide = useDecidePromotion(engine);
  const [dialog, setDialog] = useState<SignedActionSpec | null>(null);

  const active = versions.find((v) => v.status === 'ACTIVE') ?? null;
  const shadow = versions.find((v) => v.status === 'SHADOW') ?? null;
  const pending = promotions.data?.items.find((p) => p.status === 'PENDING') ?? null;
  const history = promotions.data?.items.filter((p) => p.status !== 'PENDING') ?? [];
  const rollbackTo = active?.previousActiveVersion ?? null;

  function openEndShadow(v: ModelVersionView) {
    setDialog({
      title: `End the shadow run of ${v.modelId}`,
      summary: <p>{v.modelId} goes back to being a candidate and stops scoring beside the active version. The predictions it made stay recorded.</p>,
      text: { maxLength: REASON_MAX, field: 'reason', label: 'Reason', required: false },
      sign: false,
      confirmLabel: 'End shadow',
      variant: 'primary',
      onSubmit: ({ text }) => endShadow.mutateAsync({ version: v.version, reason: text || null }),
    });
  }

  function openRollback(from: ModelVersionView, to: number) {
    setDialog({
      title: `Roll back to ${at(engine, to)}`,
      summary: (
        <Alert tone="warning">
          <strong>{from.modelId} stops serving now.</strong> {at(engine, to)}, the version it replaced, scores every new recommendation from the next few
          seconds on. {from.modelId} is retired. No second approval is needed; the rollback is recorded and audited under your name.
        </Alert>
      ),
      text: { maxLength: REASON_MAX, field: 'reason', label: 'Reason', required: true, placeholder: `What is wrong with ${from.modelId}?` },
      sign: true,
      confirmLabel: `Roll back to ${at(engine, to)}`,
      variant: 'danger',
      onSubmit: ({ text, password }) => rollback.mutateAsync({ fromVersion: from.version, reason: text, password }),
    });
  }

  function openApprove(p: ModelPromotionView) {
    setDialog({
      title: `Approve serving ${at(engine, p.toVersion)}`,
      summary: (
        <p>
          {at(engine, p.toVersion)} becomes the active version and scores every new recommendation within seconds; {at(engine, p.fromVersion)} is retired (a
          rollback can bring it back). Requested by {p.requestedBy.name}: “{p.reason}”
        </p>
      ),
      text: { maxLength: REASON_MAX, field: 'comment', label: 'Comment', required: false },
      sign: true,
      confirmLabel: 'Sign and approve',
      variant: 'approve',
      onSubmit: ({ text, password }) => decide.mutateAsync({ id: p.id, action: 'approve', version: p.version, password, comment: text || null }),
    });
  }

  function openReject(p: ModelPromotionView) {
    setDialog({
      title: `Reject the promotion of ${at(engine, p.toVersion)}`,
      summary: <p>{at(engine, p.fromVersion)} keeps serving. {p.requestedBy.name} sees your reason.</p>,
      text: { maxLength: REASON_MAX, field: 'comment', label: 'Reason', required: true, placeholder: 'Why should this version not serve?' },
      sign: false,
      confirmLabel: 'Reject',
      variant: 'danger',
      onSubmit: ({ text }) => decide.mutateAsync({ id: p.id, action: 'reject', version: p.version, comment: text }),
    });
  }

  function openCancel(p: ModelPromotionView) {
    setDialog({
      title: `Cancel your request to promote ${at(engine, p.toVersion)}`,
      summary: <p>Nothing served changes, and another promotion can be requested.</p>,
      text: { maxLength: REASON_MAX, field: 'comment', label: 'Comment', required: false },
      sign: false,
      confirmLabel: 'Cancel the request',
      variant: 'primary',
      onSubmit: ({ text }) => decide.mutateAsync({ id: p.id, action: 'cancel', version: p.version, comment: text || null }),
    });
  }

  return (
    <section className="card" aria-labelledby="serving-title" data-testid="lifecycle-panel">
      <div className="card__title">
        <h2 id="serving-title">Serving</h2>
        <span className="muted small">new versions run in shadow, then a second admin approves their promotion</span>
      </div>

      <dl className="facts">
        <div>
          <dt>Serves live traffic</dt>
          <dd data-testid="serving-version" data-version={active?.version ?? currentFileVersion ?? undefined}>
            {active ? (
              <span className="mono">{active.modelId}</span>
            ) : currentFileVersion !== null ? (
              <>
                <span className="mono">
                  {engine}@{currentFileVersion}
                </span>{' '}
                <span className="muted small">(from the models folder: nothing is active in the registry yet)</span>
              </>
            ) : (
              <span className="muted">No model</span>
            )}
          </dd>
        </div>
        {active ? (
          <div>
            <dt>Since</dt>
            <dd>
              {active.promotedAt ? (
                <>
                  {formatDateTime(active.promotedAt)}
                  {active.promotedByName ? <span className="muted small"> by {active.promotedByName}</span> : null}
                </>
              ) : (
                <span className="muted small">registered {formatDateTime(active.registeredAt)}</span>
              )}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>In shadow</dt>
          <dd data-testid="shadow-version">
            {shadow ? (
              <>
                <span className="mono">{shadow.modelId}</span> <span className="muted small">since {formatDateTime(shadow.shadowSince)}</span>
              </>
            ) : (
              <span className="muted">None</span>
            )}
          </dd>
        </div>
      </dl>

      {canManage && (shadow || (active && rollbackTo !== null)) ? (
        <div className="btn-row" style={{ marginTop: 12 }}>
          {shadow ? (
            <Button size="small" onClick={() => openEndShadow(shadow)} data-testid="end-shadow">
              End shadow of {shadow.modelId}
            </Button>
          ) : null}
          {active && rollbackTo !== null ? (
            <Button size="small" variant="danger" onClick={() => openRollback(active, rollbackTo)} data-testid="rollback">
              Roll back to {at(engine, rollbackTo)}
            </Button>
          ) : null}
        </div>
      ) : null}

      <div style={{ marginTop: 16 }}>
        {promotions.isPending ? (
          <div style={{ display: 'grid', gap: 8 }} aria-busy="true" aria-label="Loading promotions">
            <Skeleton width="60%" />
            <Skeleton width="90%" height={60} />
          </div>
        ) : promotions.isError ? (
          <ErrorState title="Could not load promotions" message={promotions.error.message} onRetry={() => void promotions.refetch()} retrying={promotions.isFetching} />
        ) : (
          <>
            {pending ? (
              <PendingRequest
                engine={engine}
                request={pending}
                canManage={canManage}
                isRequester={pending.requestedBy.id === user.id}
                onApprove={() => openApprove(pending)}
                onReject={() => openReject(pending)}
                onCancel={() => openCancel(pending)}
              />
            ) : null}
            <h3 className="small" id="history-title">
              Promotions and rollbacks
            </h3>
            {history.length === 0 ? (
              <EmptyState title="No promotions or rollbacks yet">The version that serves was registered as the engine’s first model.</EmptyState>
            ) : (
              <PromotionHistory engine={engine} items={history} />
            )}
          </>
        )}
      </div>

      <SignedActionDialog spec={dialog} onClose={() => setDialog(null)} testId="lifecycle-dialog" testIdPrefix="lifecycle" />
    </section>
  );
}

function PendingRequest({
  engine,
  request,
  canManage,
  isRequester,
  onApprove,
  onReject,
  onCancel,
}: {
  engine: string;
  request: ModelPromotionView;
  canManage: boolean;
  isRequester: boolean;
  onApprove: () => void;
  onReject: () => void;
  onCancel: () => void;
}) {
  const heldOut = heldOutOf(request.evidence);
  const agreement = agreementOf(request.evidence, [at(engine, request.toVersion), ...(request.fromVersion === null ? [] : [at(engine, request.fromVersion)])]);
  return (
    <div className="alert alert--warning" role="status" data-testid="pending-promotion" style={{ marginBottom: 16 }}>
      <div className="alert__body" style={{ display: 'grid', gap: 6 }}>
        <strong>
          Promotion waiting: {at(engine, request.fromVersion)} → {at(engine, request.toVersion)}
        </strong>
        <span>
          Requested by {request.requestedBy.name} on {formatDateTime(request.requestedAt)}: “{request.reason}”
        </span>
        {heldOut ? (
          <span className="small">
            Held out: {heldOut.target}
            {heldOut.active ? ` · ${heldOut.active}` : ''}
          </span>
        ) : null}
        {agreement.length > 0 ? (
          <span className="small" data-testid="pending-promotion-agreement">
            Parallel run (requester&apos;s sites): {agreement.join(' · ')}
          </span>
        ) : null}
        {canManage ? (
          <div className="btn-row">
            {isRequester ? (
              <>
                <span className="muted small">A different admin must approve it.</span>
                <Button size="small" onClick={onCancel} data-testid="cancel-promotion">
                  Cancel request
                </Button>
              </>
            ) : (
              <>
                <Button size="small" variant="approve" onClick={onApprove} data-testid="approve-promotion">
                  Approve
                </Button>
                <Button size="small" variant="danger" onClick={onReject} data-testid="reject-promotion">
                  Reject
                </Button>
              </>
            )}
          </div>
        ) : (
          <span className="muted small">Waiting for a second admin.</span>
        )}
      </div>
    </div>
  );
}

function PromotionHistory({ engine, items }: { engine: string; items: ModelPromotionView[] }) {
  return (
    <div data-testid="promotion-history">
      <Table stack caption="Promotions and rollbacks, newest first">
        <TableHead columns={['Change', 'Outcome', 'Asked', 'Decided', 'Reason']} />
        <tbody>
          {items.map((p) => (
            <tr key={p.id} data-testid="promotion-row" data-kind={p.kind} data-status={p.status}>
              <td data-label="Change">
                {p.kind === 'ROLLBACK' ? 'Rollback' : 'Promotion'}{' '}
                <span className="mono nowrap">
                  {at(engine, p.fromVersion)} → {at(engine, p.toVersion)}
                </span>
              </td>
              <td data-label="Outcome">
                <Badge tone={STATUS_TONE[p.status]} value={p.status}>
                  {STATUS_LABEL[p.status]}
                </Badge>
              </td>
              <td data-label="Asked">
                {p.requestedBy.name} <span className="muted small">{formatDateTime(p.requestedAt)}</span>
              </td>
              <td data-label="Decided">
                {p.decidedBy ? (
                  <>
                    {p.decidedBy.name} <span className="muted small">{formatDateTime(p.decidedAt)}</span>
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td data-label="Reason">
                {p.reason}
                {p.decisionComment ? <span className="muted small"> · {p.decisionComment}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

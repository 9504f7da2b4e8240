'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState, ErrorState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/spinner';
import { Table } from '@/components/ui/table';
import { formatDateTime, formatPercent } from '@/components/ui/format';
import { typeLabel } from '@/components/recommendations/labels';
import { useCurrentUser } from '@/components/layout/current-user';
import { GateBadge, GateConditions } from '@/components/scorecard/gate-status';
import { apiGet, withQuery } from '@/lib/http/api-client';
import { describePolicyChange } from '@/lib/policies/describe-policy-change';
import { policyChangeRequestSchema } from '@/lib/policies/policy-change.schema';
import type { PolicyChangeView, PolicyValues } from '@/lib/policies/types';
import { policyKeys } from '@/lib/policies/query-keys';
import { describeNextRung, needsGate, PROMOTION_GATE } from '@/lib/scorecard/promotion-gate';
import { scorecardKeys } from '@/lib/scorecard/query-keys';
import type { GateStatus, ScorecardView } from '@/lib/scorecard/types';
import { SignedActionDialog, type SignedActionSpec } from '@/components/signed-action-dialog';
import { REASON_MAX } from '@/lib/policies/policy-change.schema';
import { PolicyChangeHistory } from './policy-change-history';
import { ChangeValues } from './policy-change-values';
import { useDecidePolicyChange, usePolicyChanges, useRequestPolicyChange } from './policy-change-queries';
import { AUTONOMY_MODES, MODE_EXPLANATION, type AutonomyMode, type PolicyItem } from './policy-types';

/** The gate of a type/site as the row knows it: loaded, still loading, or unavailable (a request is never blocked on it). */
type GateInfo = { state: 'ready'; status: GateStatus | null } | { state: 'loading' } | { state: 'unavailable' };

const GATE_FILTERS = { type: '', siteId: '', days: PROMOTION_GATE.windowDays };
const COLUMNS = 5;

const labelOf = (p: { type: string; siteId: string }) => `${typeLabel(p.type)} at site ${p.siteId}`;

export function PoliciesView({ canWrite }: { canWrite: boolean }) {
  const user = useCurrentUser();
  const query = useQuery({ queryKey: policyKeys.all, queryFn: () => apiGet<{ items: PolicyItem[] }>('/api/policies') });
  const changes = usePolicyChanges();
  // The scorecard computes each type/site's gate over the gate's own window; the same cache entry serves the scorecard page.
  const gates = useQuery({
    queryKey: scorecardKeys.view(GATE_FILTERS),
    queryFn: () => apiGet<ScorecardView>(withQuery('/api/scorecard', GATE_FILTERS)),
    retry: 1,
  });
  const requestChange = useRequestPolicyChange();
  const decide = useDecidePolicyChange();
  const [dialog, setDialog] = useState<SignedActionSpec | null>(null);

  const gateFor = (p: PolicyItem): GateInfo =>
    gates.isPending
      ? { state: 'loading' }
      : gates.isError
        ? { state: 'unavailable' }
        : { state: 'ready', status: gates.data.gates.find((g) => g.decisionType === p.type && g.siteId === p.siteId) ?? null };
  const pendingFor = (p: PolicyItem) => changes.data?.items.find((c) => c.status === 'PENDING' && c.type === p.type && c.siteId === p.siteId) ?? null;

  function openRequest(policy: PolicyItem, to: PolicyValues, gate: GateInfo) {
    const from: PolicyValues = { mode: policy.mode, autoThreshold: policy.autoThreshold, atRiskThreshold: policy.atRiskThreshold };
    const warn = needsGate(from.mode, to.mode) && !(gate.state === 'ready' && gate.status?.evaluation.met === true);
    setDialog({
      title: warn ? `Ask to raise ${labelOf(policy)} to ${to.mode}?` : `Ask to change ${labelOf(policy)}`,
      summary: (
        <>
          <ChangeValues from={from} to={to} />
          {warn ? <GateWarning mode={to.mode} gate={gate} /> : null}
          <p className="small muted">
            Nothing changes until a different admin approves. From then on it applies to recommendations scored after the approval; the request and the
            decision are audited.
          </p>
        </>
      ),
      text: { maxLength: REASON_MAX, field: 'reason', label: 'Reason', required: true, placeholder: 'Why should this policy change? The approver reads it.' },
      sign: false,
      confirmLabel: warn ? `Ask to raise to ${to.mode} anyway` : 'Ask for approval',
      dismissLabel: `Keep ${policy.mode}`,
      variant: warn ? 'danger' : 'primary',
      onSubmit: ({ text }) => requestChange.mutateAsync({ type: policy.type, siteId: policy.siteId, ...to, version: policy.version, reason: text }),
    });
  }

  function openApprove(change: PolicyChangeView) {
    setDialog({
      title: `Approve ${labelOf(change)}: ${describePolicyChange(change.from, change.to)}`,
      summary: (
        <>
          <ChangeValues from={change.from} to={change.to} />
          <p>
            Requested by {change.requestedBy.name} on {formatDateTime(change.requestedAt)}: “{change.reason}”
          </p>
          <RequestedGate change={change} />
          <p className="small muted">It applies to recommendations scored after your approval.</p>
        </>
      ),
      text: { maxLength: REASON_MAX, field: 'comment', label: 'Comment', required: false },
      sign: true,
      confirmLabel: 'Sign and approve',
      variant: 'approve',
      onSubmit: ({ text, password }) => decide.mutateAsync({ id: change.id, action: 'approve', version: change.version, password, comment: text || null }),
    });
  }

  function openReject(change: PolicyChangeView) {
    setDialog({
      title: `Reject the change of ${labelOf(change)}`,
      summary: (
        <>
          <ChangeValues from={change.from} to={change.to} />
          <p>The policy stays as it is. {change.requestedBy.name} sees your reason.</p>
        </>
      ),
      text: { maxLength: REASON_MAX, field: 'comment', label: 'Reason', required: true, placeholder: 'Why should the policy not change?' },
      sign: false,
      confirmLabel: 'Reject',
      variant: 'danger',
      onSubmit: ({ text }) => decide.mutateAsync({ id: change.id, action: 'reject', version: change.version, comment: text }),
    });
  }

  function openCancel(change: PolicyChangeView) {
    setDialog({
      title: `Withdraw your change of ${labelOf(change)}`,
      summary: <p>The policy stays as it is, and a new change can be asked for.</p>,
      text: { maxLength: REASON_MAX, field: 'comment', label: 'Comment', required: false },
      sign: false,
      confirmLabel: 'Withdraw the request',
      dismissLabel: 'Keep waiting',
      variant: 'primary',
      onSubmit: ({ text }) => decide.mutateAsync({ id: change.id, action: 'cancel', version: change.version, comment: text || null }),
    });
  }

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Policies</h1>
          <p className="page-head__sub">
            Autonomy per decision type and site. A change is asked for by one admin, approved by a second, audited, and applies to recommendations scored after
            it.
          </p>
        </div>
      </div>
      {!canWrite ? <Alert tone="info">Read-only: only administrators ask for and approve policy changes.</Alert> : null}
      {changes.isError ? (
        <ErrorState title="Could not load change requests" message={changes.error.message} onRetry={() => void changes.refetch()} retrying={changes.isFetching} />
      ) : null}
      <section className="card card--flush" aria-label="Policies">
        {query.isPending ? (
          <div style={{ padding: 14, display: 'grid', gap: 10 }} aria-busy="true" aria-label="Loading policies">
            {Array.from({ length: 3 }, (_, i) => (
              <Skeleton key={i} width={`${90 - i * 10}%`} height={20} />
            ))}
          </div>
        ) : query.isError ? (
          <ErrorState title="Could not load policies" message={query.error.message} onRetry={() => void query.refetch()} retrying={query.isFetching} />
        ) : query.data.items.length === 0 ? (
          <EmptyState title="No policies yet">Policies appear once a site is set up for a decision type.</EmptyState>
        ) : (
          <Table stack caption="Autonomy policies">
            <colgroup>
              <col style={{ width: '16%' }} />
              <col style={{ width: '34%' }} />
              <col style={{ width: '15%' }} />
              <col style={{ width: '15%' }} />
              <col style={{ width: '20%' }} />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Type / site</th>
                <th scope="col">Mode</th>
                <th scope="col">Auto-release at ≥</th>
                <th scope="col">At risk below</th>
                <th scope="col">{canWrite ? 'Change' : 'Last change'}</th>
              </tr>
            </thead>
            {query.data.items.map((p) => {
              const pending = pendingFor(p);
              return (
                <tbody key={p.id}>
                  <PolicyRow
                    // A new version, or a request asked or decided, starts a fresh draft.
                    key={`${p.version}:${pending?.id ?? ''}`}
                    policy={p}
                    canEdit={canWrite && pending === null}
                    // Until the requests are known, a second request could only meet a CONFLICT.
                    changesKnown={changes.isSuccess}
                    gate={gateFor(p)}
                    onRequest={(to) => openRequest(p, to, gateFor(p))}
                  />
                  {pending ? (
                    <PendingChange
                      policy={p}
                      change={pending}
                      canWrite={canWrite}
                      isRequester={pending.requestedBy.id === user.id}
                      onApprove={() => openApprove(pending)}
                      onReject={() => openReject(pending)}
                      onCancel={() => openCancel(pending)}
                    />
                  ) : null}
                </tbody>
              );
            })}
          </Table>
        )}
      </section>

      <section className="card" aria-labelledby="policy-changes-title">
        <div className="card__title">
          <h2 id="policy-changes-title">Changes</h2>
          <span className="muted small">who asked, who decided, and what changed</span>
        </div>
        {changes.isPending ? (
          <div style={{ display: 'grid', gap: 8 }} aria-busy="true" aria-label="Loading policy changes">
            <Skeleton width="60%" />
            <Skeleton width="90%" height={60} />
          </div>
        ) : changes.isError ? (
          <p className="muted small">The history is unavailable just now.</p>
        ) : (
          <PolicyChangeHistory items={changes.data.items.filter((c) => c.status !== 'PENDING')} />
        )}
      </section>

      <SignedActionDialog spec={dialog} onClose={() => setDialog(null)} testId="policy-change-dialog" testIdPrefix="policy-change" />
    </div>
  );
}

function toPercentText(v: number): string {
  return String(Math.round(v * 1000) / 10);
}

function parsePercent(text: string): number | null {
  const n = Number(text.trim().replace(',', '.'));
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) return null;
  return Math.round(n * 10) / 1000;
}

const ROW_FIELDS = ['mode', 'autoThreshold', 'atRiskThreshold'] as const;

function PolicyRow({
  policy,
  canEdit,
  changesKnown,
  gate,
  onRequest,
}: {
  policy: PolicyItem;
  canEdit: boolean;
  changesKnown: boolean;
  gate: GateInfo;
  onRequest: (to: PolicyValues) => void;
}) {
  const [mode, setMode] = useState<AutonomyMode>(policy.mode);
  const [auto, setAuto] = useState(toPercentText(policy.autoThreshold));
  const [atRisk, setAtRisk] = useState(toPercentText(policy.atRiskThreshold));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const ids = { mode: useId(), auto: useId(), atRisk: useId() };
  const label = labelOf(policy);

  const autoValue = parsePercent(auto);
  const atRiskValue = parsePercent(atRisk);
  const dirty = mode !== policy.mode || autoValue !== policy.autoThreshold || atRiskValue !== policy.atRiskThreshold;
  // Raising onto a gated rung while the gate is not met (or cannot be checked) is flagged; the server records the gate but does not enforce it.
  const warnOnRaise = needsGate(policy.mode, mode) && !(gate.state === 'ready' && gate.status?.evaluation.met === true);

  function onAsk() {
    const next: Record<string, string> = {};
    if (autoValue === null) next.autoThreshold = 'Enter a percentage from 0 to 100';
    if (atRiskValue === null) next.atRiskThreshold = 'Enter a percentage from 0 to 100';
    if (autoValue !== null && atRiskValue !== null) {
      // The server's own rules, checked before asking for a reason; the reason is the dialog's.
      const checked = policyChangeRequestSchema.safeParse({ type: policy.type, siteId: policy.siteId, mode, autoThreshold: autoValue, atRiskThreshold: atRiskValue, version: policy.version, reason: '-' });
      for (const issue of checked.success ? [] : checked.error.issues) {
        const field = String(issue.path[0] ?? 'form');
        next[(ROW_FIELDS as readonly string[]).includes(field) ? field : 'form'] ??= issue.message;
      }
    }
    setErrors(next);
    if (Object.keys(next).length > 0 || autoValue === null || atRiskValue === null) return;
    onRequest({ mode, autoThreshold: autoValue, atRiskThreshold: atRiskValue });
  }

  const lastChange = (
    <span className="small muted">
      {formatDateTime(policy.updatedAt)}
      {policy.updatedBy ? ` by ${policy.updatedBy}` : ''} · v{policy.version}
    </span>
  );

  return (
    <tr data-testid="policy-row" data-policy-type={policy.type} data-site={policy.siteId} data-mode={policy.mode} data-version={policy.version}>
      <td data-label="Type / site">
        <strong>{typeLabel(policy.type)}</strong>
        <div className="muted small">Site {policy.siteId}</div>
      </td>
      <td data-label="Mode">
        <div className="field">
          {canEdit ? (
            <select
              id={ids.mode}
              className="select"
              value={mode}
              onChange={(e) => setMode(e.target.value as AutonomyMode)}
              aria-label={`Mode for ${label}`}
              aria-invalid={errors.mode ? true : undefined}
              data-testid="policy-mode"
            >
              {AUTONOMY_MODES.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          ) : (
            <strong data-testid="policy-mode-value">{policy.mode}</strong>
          )}
          <span className="field__hint">{MODE_EXPLANATION[canEdit ? mode : policy.mode]}</span>
          {errors.mode ? <span className="field__error">{errors.mode}</span> : null}
          <GateLine gate={gate} />
          {canEdit && warnOnRaise ? (
            <span className="field__error" role="status" data-testid="policy-gate-warning">
              Raising to {mode} {gate.state === 'ready' ? 'without meeting the promotion gate' : 'while the promotion gate cannot be checked'}.
            </span>
          ) : null}
        </div>
      </td>
      <td data-label="Auto-release at ≥">
        {canEdit ? (
          <PercentInput id={ids.auto} value={auto} onChange={setAuto} error={errors.autoThreshold} label={`Auto-release threshold for ${label}`} testId="policy-auto-threshold" />
        ) : (
          formatPercent(policy.autoThreshold)
        )}
      </td>
      <td data-label="At risk below">
        {canEdit ? (
          <PercentInput id={ids.atRisk} value={atRisk} onChange={setAtRisk} error={errors.atRiskThreshold} label={`At-risk threshold for ${label}`} testId="policy-at-risk-threshold" />
        ) : (
          formatPercent(policy.atRiskThreshold)
        )}
      </td>
      <td data-label={canEdit ? 'Change' : 'Last change'}>
        {canEdit ? (
          <div className="field">
            <Button variant="primary" size="small" onClick={onAsk} disabled={!dirty || !changesKnown} data-testid="policy-save">
              Ask for approval…
            </Button>
            {lastChange}
            {errors.form ? (
              <span className="field__error" role="alert">
                {errors.form}
              </span>
            ) : null}
          </div>
        ) : (
          lastChange
        )}
      </td>
    </tr>
  );
}

/** The request waiting on a type/site, under its row: what it asks for, who asked, and the actions the reader may take. */
function PendingChange({
  policy,
  change,
  canWrite,
  isRequester,
  onApprove,
  onReject,
  onCancel,
}: {
  policy: PolicyItem;
  change: PolicyChangeView;
  canWrite: boolean;
  isRequester: boolean;
  onApprove: () => void;
  onReject: () => void;
  onCancel: () => void;
}) {
  // Something moved the policy after the request: approving it would apply values judged against a policy that is gone.
  const stale = policy.version !== change.basedOnVersion;
  return (
    <tr data-testid="policy-pending" data-policy-type={change.type} data-site={change.siteId} data-stale={stale}>
      <td colSpan={COLUMNS}>
        <div className="alert alert--warning" role="status">
          <div className="alert__body" style={{ display: 'grid', gap: 6 }}>
            <strong>Waiting for a second admin</strong>
            <ChangeValues from={change.from} to={change.to} />
            <span>
              Requested by {change.requestedBy.name} on {formatDateTime(change.requestedAt)}: “{change.reason}”
            </span>
            <RequestedGate change={change} />
            {stale ? (
              <span className="field__error" data-testid="policy-pending-stale">
                The policy changed since this request (now v{policy.version}), so it can no longer be approved: {isRequester ? 'withdraw it and ask again.' : 'reject it, or let the requester withdraw it.'}
              </span>
            ) : null}
            {canWrite ? (
              <div className="btn-row">
                {isRequester ? (
                  <>
                    <span className="muted small">A different admin must approve it.</span>
                    <Button size="small" onClick={onCancel} data-testid="policy-change-cancel">
                      Withdraw request
                    </Button>
                  </>
                ) : (
                  <>
                    {stale ? null : (
                      <Button size="small" variant="approve" onClick={onApprove} data-testid="policy-change-approve">
                        Approve…
                      </Button>
                    )}
                    <Button size="small" variant="danger" onClick={onReject} data-testid="policy-change-reject">
                      Reject…
                    </Button>
                  </>
                )}
              </div>
            ) : null}
          </div>
        </div>
      </td>
    </tr>
  );
}

/** The gate as the requester saw it, when the request raises autonomy onto a gated rung. */
function RequestedGate({ change }: { change: PolicyChangeView }) {
  if (!needsGate(change.from.mode, change.to.mode)) return null;
  if (!change.gate) return <span className="small muted">The promotion gate was not recorded with this request.</span>;
  const { evaluation } = change.gate;
  return (
    <div className="small" data-testid="policy-pending-gate" data-met={evaluation.met}>
      <span>When asked: </span>
      <Badge tone={evaluation.met ? 'green' : 'amber'} value={evaluation.met ? 'MET' : 'NOT_MET'}>
        {evaluation.met ? 'Gate met' : 'Gate not met'}
      </Badge>{' '}
      <span className="muted">{evaluation.summary}</span>
    </div>
  );
}

/** Why raising needs a second look: the gate's conditions, or that they could not be checked. */
function GateWarning({ mode, gate }: { mode: AutonomyMode; gate: GateInfo }) {
  return (
    <Alert tone="warning" testId="policy-change-gate-warning">
      {gate.state === 'ready' && gate.status ? (
        <>
          <p>
            The promotion gate is <strong>not met</strong> over the last {gate.status.evaluation.windowDays} days. The AI has not yet shown, on this type and
            site, the agreement with people that {mode} autonomy calls for:
          </p>
          <GateConditions evaluation={gate.status.evaluation} />
        </>
      ) : (
        <p>The promotion gate could not be checked just now, so nothing shows that the AI is ready for {mode} autonomy here.</p>
      )}
      <p className="small">You may still ask; the approver sees the gate as it stands now.</p>
    </Alert>
  );
}

function PercentInput({
  id,
  value,
  onChange,
  error,
  label,
  testId,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  label: string;
  testId: string;
}) {
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <div className="pct-input">
        <input
          id={id}
          className="input"
          type="number"
          inputMode="decimal"
          min={0}
          max={100}
          step={1}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-label={label}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          data-testid={testId}
        />
        <span aria-hidden="true">%</span>
      </div>
      {error ? (
        <span id={errorId} className="field__error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** Where the type/site stands against the promotion gate, next to its autonomy. */
function GateLine({ gate }: { gate: GateInfo }) {
  if (gate.state === 'loading') return <span className="small muted">Checking the promotion gate…</span>;
  if (gate.state === 'unavailable') return <span className="small muted">Promotion gate unavailable just now.</span>;
  if (!gate.status) return null;
  const status = gate.status;
  return (
    <div className="small" data-testid="policy-gate" data-met={status.evaluation.met}>
      <GateBadge status={status} /> <span className="muted">{describeNextRung(status)}</span>
      {/* Shown below the top rung even when the next step needs no gate: an admin may skip rungs. */}
      {status.nextRung ? (
        <details>
          <summary className="small">Gate conditions</summary>
          <GateConditions evaluation={status.evaluation} />
        </details>
      ) : null}
    </div>
  );
}

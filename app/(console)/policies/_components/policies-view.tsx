'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogFooter } from '@/components/ui/dialog';
import { EmptyState, ErrorState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/spinner';
import { Table } from '@/components/ui/table';
import { formatDateTime, formatPercent } from '@/components/ui/format';
import { typeLabel } from '@/components/recommendations/labels';
import { GateBadge, GateConditions } from '@/components/scorecard/gate-status';
import { apiGet, apiSend, isApiError, withQuery } from '@/lib/http/api-client';
import { policyKeys } from '@/lib/recommendations/query-keys';
import { describeNextRung, needsGate, PROMOTION_GATE } from '@/lib/scorecard/promotion-gate';
import { scorecardKeys } from '@/lib/scorecard/query-keys';
import type { GateStatus, ScorecardView } from '@/lib/scorecard/types';
import { AUTONOMY_MODES, MODE_EXPLANATION, type AutonomyMode, type PolicyItem, type PolicyUpdate } from './policy-types';

const CONFLICT_TEXT = 'Someone else changed this policy — reloaded; review it and save again';

type RowNote = 'saved' | 'conflict' | null;

/** The gate of a type/site as the row knows it: loaded, still loading, or unavailable (the save is never blocked on it). */
type GateInfo = { state: 'ready'; status: GateStatus | null } | { state: 'loading' } | { state: 'unavailable' };

const GATE_FILTERS = { type: '', siteId: '', days: PROMOTION_GATE.windowDays };

export function PoliciesView({ canWrite }: { canWrite: boolean }) {
  const query = useQuery({ queryKey: policyKeys.all, queryFn: () => apiGet<{ items: PolicyItem[] }>('/api/policies') });
  // Kept outside the rows: a save or a conflict brings a new version, which remounts
  // the row, and the message must outlive that.
  const [notes, setNotes] = useState<Record<string, RowNote>>({});
  // The scorecard computes each type/site's gate over the gate's own window; the same cache entry serves the scorecard page.
  const gates = useQuery({
    queryKey: scorecardKeys.view(GATE_FILTERS),
    queryFn: () => apiGet<ScorecardView>(withQuery('/api/scorecard', GATE_FILTERS)),
    retry: 1,
  });
  const gateFor = (p: PolicyItem): GateInfo =>
    gates.isPending
      ? { state: 'loading' }
      : gates.isError
        ? { state: 'unavailable' }
        : { state: 'ready', status: gates.data.gates.find((g) => g.decisionType === p.type && g.siteId === p.siteId) ?? null };

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Policies</h1>
          <p className="page-head__sub">Autonomy per decision type and site. A change applies to recommendations scored after it and is audited.</p>
        </div>
      </div>
      {!canWrite ? <Alert tone="info">Read-only: only administrators change policies.</Alert> : null}
      <section className="card card--flush" aria-label="Policies">
        {query.isPending ? (
          <div style={{ padding: 14, display: 'grid', gap: 10 }}>
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
                <th scope="col">{canWrite ? 'Save' : 'Last change'}</th>
              </tr>
            </thead>
            <tbody>
              {query.data.items.map((p) => (
                <PolicyRow
                  // A new version from the server (after a save or a conflict) starts a fresh draft.
                  key={`${p.id}:${p.version}`}
                  policy={p}
                  canWrite={canWrite}
                  note={notes[p.id] ?? null}
                  gate={gateFor(p)}
                  onNote={(n) => setNotes((prev) => ({ ...prev, [p.id]: n }))}
                />
              ))}
            </tbody>
          </Table>
        )}
      </section>
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

function PolicyRow({
  policy,
  canWrite,
  note,
  onNote,
  gate,
}: {
  policy: PolicyItem;
  canWrite: boolean;
  note: RowNote;
  onNote: (n: RowNote) => void;
  gate: GateInfo;
}) {
  const qc = useQueryClient();
  const [mode, setMode] = useState<AutonomyMode>(policy.mode);
  const [auto, setAuto] = useState(toPercentText(policy.autoThreshold));
  const [atRisk, setAtRisk] = useState(toPercentText(policy.atRiskThreshold));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirmRaise, setConfirmRaise] = useState(false);
  const ids = { mode: useId(), auto: useId(), atRisk: useId() };
  const label = `${typeLabel(policy.type)} at site ${policy.siteId}`;

  const save = useMutation({
    mutationFn: (body: PolicyUpdate) => apiSend<{ policy: PolicyItem }>('PUT', '/api/policies', body),
    onSuccess: ({ policy: updated }) => {
      onNote('saved');
      // Gates name the mode in force: they change with it.
      void qc.invalidateQueries({ queryKey: scorecardKeys.all });
      qc.setQueryData<{ items: PolicyItem[] }>(policyKeys.all, (old) =>
        old ? { items: old.items.map((p) => (p.id === updated.id ? updated : p)) } : old,
      );
    },
    onError: (err) => {
      if (isApiError(err) && err.status === 409) {
        onNote('conflict');
        void qc.invalidateQueries({ queryKey: policyKeys.all });
        return;
      }
      if (isApiError(err) && err.fieldErrors) {
        const next: Record<string, string> = {};
        const FIELDS = ['mode', 'autoThreshold', 'atRiskThreshold'];
        const other: string[] = [];
        for (const [k, v] of Object.entries(err.fieldErrors)) {
          if (!v[0]) continue;
          if (FIELDS.includes(k)) next[k] = v[0];
          else other.push(v[0]);
        }
        // Errors about fields this row shows go beside them; anything else under Save.
        if (other.length > 0 || Object.keys(next).length === 0) next.form = other.join('; ') || err.message;
        setErrors(next);
        return;
      }
      setErrors({ form: err.message });
    },
  });

  const autoValue = parsePercent(auto);
  const atRiskValue = parsePercent(atRisk);
  const dirty = mode !== policy.mode || autoValue !== policy.autoThreshold || atRiskValue !== policy.atRiskThreshold;

  // Raising onto a gated rung while the gate is not met (or cannot be checked) asks the admin first; the server does not enforce the gate.
  const raiseNeedsGate = needsGate(policy.mode, mode);
  const gateMet = gate.state === 'ready' && gate.status?.evaluation.met === true;
  const warnOnRaise = raiseNeedsGate && !gateMet;

  function onSave(confirmed = false) {
    const next: Record<string, string> = {};
    if (autoValue === null) next.autoThreshold = 'Enter a percentage from 0 to 100';
    if (atRiskValue === null) next.atRiskThreshold = 'Enter a percentage from 0 to 100';
    setErrors(next);
    onNote(null);
    if (autoValue === null || atRiskValue === null) return;
    if (warnOnRaise && !confirmed) {
      setConfirmRaise(true);
      return;
    }
    setConfirmRaise(false);
    save.mutate({ type: policy.type, siteId: policy.siteId, mode, autoThreshold: autoValue, atRiskThreshold: atRiskValue, version: policy.version });
  }

  const lastChange = (
    <span className="small muted">
      {formatDateTime(policy.updatedAt)}
      {policy.updatedBy ? ` by ${policy.updatedBy}` : ''} · v{policy.version}
    </span>
  );

  return (
    <tr data-testid="policy-row" data-policy-type={policy.type} data-site={policy.siteId}>
      <td data-label="Type / site">
        <strong>{typeLabel(policy.type)}</strong>
        <div className="muted small">Site {policy.siteId}</div>
      </td>
      <td data-label="Mode">
        <div className="field">
          {canWrite ? (
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
            <strong>{mode}</strong>
          )}
          <span className="field__hint">{MODE_EXPLANATION[mode]}</span>
          {errors.mode ? <span className="field__error">{errors.mode}</span> : null}
          <GateLine gate={gate} />
          {canWrite && warnOnRaise ? (
            <span className="field__error" role="status" data-testid="policy-gate-warning">
              Raising to {mode} {gate.state === 'ready' ? 'without meeting the promotion gate' : 'while the promotion gate cannot be checked'}.
            </span>
          ) : null}
        </div>
        {canWrite ? (
          <Dialog open={confirmRaise} onClose={() => setConfirmRaise(false)} title={`Raise ${label} to ${mode}?`} testId="gate-warning-dialog">
            <DialogBody>
              {gate.state === 'ready' && gate.status ? (
                <>
                  <p>
                    The promotion gate is <strong>not met</strong> over the last {gate.status.evaluation.windowDays} days. The AI has not yet shown, on this
                    type and site, the agreement with people that {mode} autonomy calls for:
                  </p>
                  <GateConditions evaluation={gate.status.evaluation} />
                </>
              ) : (
                <p>The promotion gate could not be checked just now, so nothing shows that the AI is ready for {mode} autonomy here.</p>
              )}
              <p className="small muted">You may still raise it; the change is audited like any other.</p>
            </DialogBody>
            <DialogFooter>
              <Button variant="ghost" onClick={() => setConfirmRaise(false)} data-autofocus data-testid="gate-warning-cancel">
                Keep {policy.mode}
              </Button>
              <Button variant="danger" onClick={() => onSave(true)} data-testid="gate-warning-confirm">
                Raise to {mode} anyway
              </Button>
            </DialogFooter>
          </Dialog>
        ) : null}
      </td>
      <td data-label="Auto-release at ≥">
        {canWrite ? (
          <PercentInput id={ids.auto} value={auto} onChange={setAuto} error={errors.autoThreshold} label={`Auto-release threshold for ${label}`} testId="policy-auto-threshold" />
        ) : (
          formatPercent(policy.autoThreshold)
        )}
      </td>
      <td data-label="At risk below">
        {canWrite ? (
          <PercentInput id={ids.atRisk} value={atRisk} onChange={setAtRisk} error={errors.atRiskThreshold} label={`At-risk threshold for ${label}`} testId="policy-at-risk-threshold" />
        ) : (
          formatPercent(policy.atRiskThreshold)
        )}
      </td>
      <td data-label={canWrite ? 'Save' : 'Last change'}>
        {canWrite ? (
          <div className="field">
            <Button variant="primary" size="small" onClick={() => onSave()} disabled={!dirty} busy={save.isPending} data-testid="policy-save">
              Save
            </Button>
            {lastChange}
            {note === 'saved' && !dirty ? (
              <span className="small" role="status" style={{ color: 'var(--green)' }}>
                Saved
              </span>
            ) : null}
            {note === 'conflict' ? (
              <span className="field__error" role="alert" data-testid="policy-conflict">
                {CONFLICT_TEXT}
              </span>
            ) : null}
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

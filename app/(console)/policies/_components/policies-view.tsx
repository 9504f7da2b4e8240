'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState, ErrorState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/spinner';
import { Table } from '@/components/ui/table';
import { formatDateTime, formatPercent } from '@/components/ui/format';
import { typeLabel } from '@/components/recommendations/labels';
import { apiGet, apiSend, isApiError } from '@/lib/http/api-client';
import { policyKeys } from '@/lib/recommendations/query-keys';
import { AUTONOMY_MODES, MODE_EXPLANATION, type AutonomyMode, type PolicyItem, type PolicyUpdate } from './policy-types';

const CONFLICT_TEXT = 'Someone else changed this policy — reloaded; review it and save again';

type RowNote = 'saved' | 'conflict' | null;

export function PoliciesView({ canWrite }: { canWrite: boolean }) {
  const query = useQuery({ queryKey: policyKeys.all, queryFn: () => apiGet<{ items: PolicyItem[] }>('/api/policies') });
  // Kept outside the rows: a save or a conflict brings a new version, which remounts
  // the row, and the message must outlive that.
  const [notes, setNotes] = useState<Record<string, RowNote>>({});

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
}: {
  policy: PolicyItem;
  canWrite: boolean;
  note: RowNote;
  onNote: (n: RowNote) => void;
}) {
  const qc = useQueryClient();
  const [mode, setMode] = useState<AutonomyMode>(policy.mode);
  const [auto, setAuto] = useState(toPercentText(policy.autoThreshold));
  const [atRisk, setAtRisk] = useState(toPercentText(policy.atRiskThreshold));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const ids = { mode: useId(), auto: useId(), atRisk: useId() };
  const label = `${typeLabel(policy.type)} at site ${policy.siteId}`;

  const save = useMutation({
    mutationFn: (body: PolicyUpdate) => apiSend<{ policy: PolicyItem }>('PUT', '/api/policies', body),
    onSuccess: ({ policy: updated }) => {
      onNote('saved');
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

  function onSave() {
    const next: Record<string, string> = {};
    if (autoValue === null) next.autoThreshold = 'Enter a percentage from 0 to 100';
    if (atRiskValue === null) next.atRiskThreshold = 'Enter a percentage from 0 to 100';
    setErrors(next);
    onNote(null);
    if (autoValue === null || atRiskValue === null) return;
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
        </div>
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
            <Button variant="primary" size="small" onClick={onSave} disabled={!dirty} busy={save.isPending} data-testid="policy-save">
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

'use client';

import Link from 'next/link';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useId, type ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import { EmptyState, ErrorState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/spinner';
import { Table } from '@/components/ui/table';
import { TableHead } from '@/components/ui/table-head';
import { typeLabel } from '@/components/recommendations/labels';
import { GateBadge, GateConditions } from '@/components/scorecard/gate-status';
import { apiGet, isApiError, withQuery } from '@/lib/http/api-client';
import { PROMOTION_GATE } from '@/lib/scorecard/promotion-gate';
import { scorecardKeys, type ScorecardFilters } from '@/lib/scorecard/query-keys';
import { SCORECARD_WINDOWS } from '@/lib/scorecard/scorecard-query.schema';
import type { GateStatus, ScorecardView as ScorecardData } from '@/lib/scorecard/types';
import { GroupCard } from './group-card';

function readFilters(params: URLSearchParams): ScorecardFilters {
  const days = Number.parseInt(params.get('days') ?? '', 10);
  return {
    type: params.get('type') ?? '',
    siteId: params.get('siteId') ?? '',
    days: Number.isInteger(days) && days >= 1 && days <= 365 ? days : 30,
  };
}

export function ScorecardView() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = readFilters(new URLSearchParams(searchParams.toString()));

  const query = useQuery({
    queryKey: scorecardKeys.view(filters),
    queryFn: () => apiGet<ScorecardData>(withQuery('/api/scorecard', { ...filters })),
    placeholderData: keepPreviousData,
  });

  function go(next: Partial<ScorecardFilters>) {
    const f = { ...filters, ...next };
    const qs = new URLSearchParams();
    if (f.type) qs.set('type', f.type);
    if (f.siteId) qs.set('siteId', f.siteId);
    if (f.days !== 30) qs.set('days', String(f.days));
    const s = qs.toString();
    router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false });
  }

  const data = query.data;
  // The page's own windows, plus whatever a shared link asked for.
  const windows = [...new Set<number>([...SCORECARD_WINDOWS, filters.days])].sort((a, b) => a - b);
  const exportHref = withQuery('/api/scorecard/export', { ...filters });

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>AI vs people</h1>
          <p className="page-head__sub">
            How often the AI’s proposal matched what people decided — or, in shadow autonomy, what they did on their own — weighted by what was at stake.
          </p>
        </div>
        <a className="btn btn--secondary" href={exportHref} download data-testid="export-csv">
          Export CSV
        </a>
      </div>

      <section className="card" aria-label="Filters">
        <div className="filters">
          <FilterSelect label="Decision type" value={filters.type} onChange={(v) => go({ type: v })} testId="filter-type">
            <option value="">All types</option>
            {(data?.options.types ?? []).map((t) => (
              <option key={t} value={t}>
                {typeLabel(t)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect label="Site" value={filters.siteId} onChange={(v) => go({ siteId: v })} testId="filter-site">
            <option value="">All my sites</option>
            {(data?.options.sites ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.id} — {s.name}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect label="Window" value={filters.days} onChange={(v) => go({ days: Number(v) })} testId="filter-days">
            {windows.map((d) => (
              <option key={d} value={d}>
                Last {d} days
              </option>
            ))}
          </FilterSelect>
        </div>
      </section>

      {query.isPending ? (
        <section className="card" aria-busy="true" aria-label="Loading the scorecard" style={{ display: 'grid', gap: 10 }}>
          <Skeleton width="40%" height={22} />
          <Skeleton width="85%" />
          <Skeleton width="95%" height={180} />
        </section>
      ) : query.isError && !data ? (
        <section className="card">
          {isApiError(query.error) && query.error.status === 404 ? (
            <EmptyState title="No such site in your scope" action={<Link href="/scorecard">Show all my sites</Link>} />
          ) : (
            <ErrorState title="Could not load the scorecard" message={query.error.message} onRetry={() => void query.refetch()} retrying={query.isFetching} />
          )}
        </section>
      ) : data ? (
        <div style={{ display: 'grid', gap: 16 }} aria-busy={query.isFetching}>
          {query.isError ? <Alert tone="error">Could not refresh: {query.error.message}. Showing the last figures.</Alert> : null}
          <GateSection gates={data.gates} />
          {data.groups.length === 0 ? (
            <section className="card" data-testid="scorecard-empty">
              <EmptyState title="No decisions in this window yet — the scorecard fills as people approve, reject and edit" />
            </section>
          ) : (
            data.groups.map((g) => <GroupCard key={`${g.decisionType}:${g.siteId}`} group={g} siteName={data.options.sites.find((s) => s.id === g.siteId)?.name ?? g.siteId} />)
          )}
        </div>
      ) : null}
    </div>
  );
}

/** One labelled filter above the scorecard; every change replaces the URL. */
function FilterSelect({ label, value, onChange, testId, children }: { label: string; value: string | number; onChange: (value: string) => void; testId: string; children: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {children}
      </select>
    </div>
  );
}

function GateSection({ gates }: { gates: GateStatus[] }) {
  if (gates.length === 0) return null;
  return (
    <section className="card card--flush" aria-labelledby="gate-title">
      <div className="card__title" style={{ padding: '14px 14px 0' }}>
        <h2 id="gate-title">Promotion gate</h2>
        <span className="small muted">
          Over the last {PROMOTION_GATE.windowDays} days, whatever the window above: at least {PROMOTION_GATE.minDecisions} decisions, agreement ≥{' '}
          {Math.round(PROMOTION_GATE.minAgreementRate * 100)} %, no critical miss.
        </span>
      </div>
      <Table stack caption="Promotion gate per decision type and site">
        <colgroup>
          <col style={{ width: '18%' }} />
          <col style={{ width: '20%' }} />
          <col style={{ width: '62%' }} />
        </colgroup>
        <TableHead columns={['Type / site', 'Autonomy', 'Conditions']} />
        <tbody>
          {gates.map((g) => (
            <tr key={`${g.decisionType}:${g.siteId}`} data-testid="gate-row" data-site={g.siteId} data-type={g.decisionType} data-met={g.evaluation.met}>
              <td data-label="Type / site">
                <strong>{typeLabel(g.decisionType)}</strong>
                <div className="muted small">Site {g.siteId}</div>
              </td>
              <td data-label="Autonomy">
                <div>
                  <strong>{g.mode}</strong>
                  {g.nextRung ? <span className="muted"> → {g.nextRung}</span> : null}
                </div>
                <GateBadge status={g} />
              </td>
              <td data-label="Conditions">
                <GateConditions evaluation={g.evaluation} />
                {g.partialScope ? <p className="small muted">You see only some lines of this site: these figures cover those lines only.</p> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}

'use client';

import Link from 'next/link';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState, ErrorState } from '@/components/ui/empty-state';
import { Pager } from '@/components/ui/pager';
import { Skeleton } from '@/components/ui/spinner';
import { Table } from '@/components/ui/table';
import { TableHead } from '@/components/ui/table-head';
import { formatDateTime } from '@/components/ui/format';
import { apiGet, withQuery } from '@/lib/http/api-client';
import { auditKeys } from '@/lib/recommendations/query-keys';
import type { Page } from '@/lib/recommendations/types';
import type { AuditEventView, ChainVerification } from '@/lib/audit/types';

const PAGE_SIZE = 50;

export function AuditView() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const rawPage = Number.parseInt(searchParams.get('page') ?? '1', 10);
  const page = Number.isFinite(rawPage) && rawPage > 0 ? rawPage : 1;
  const entityId = searchParams.get('entityId') ?? '';
  const [entityDraft, setEntityDraft] = useState(entityId);
  const entityInputId = useId();

  const filters = { page, pageSize: PAGE_SIZE, entityId };
  const list = useQuery({
    queryKey: auditKeys.list(filters),
    queryFn: () => apiGet<Page<AuditEventView>>(withQuery('/api/audit', filters)),
    placeholderData: keepPreviousData,
  });
  // Verification walks the whole chain: run it when asked, never in the background.
  const verify = useQuery({
    queryKey: auditKeys.verify(),
    queryFn: () => apiGet<ChainVerification>('/api/audit/verify'),
    enabled: false,
    retry: false,
  });

  function go(next: { page?: number; entityId?: string }) {
    const qs = new URLSearchParams();
    const e = next.entityId ?? entityId;
    const p = next.page ?? 1;
    if (e) qs.set('entityId', e);
    if (p > 1) qs.set('page', String(p));
    const s = qs.toString();
    router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false });
  }

  function onFilter(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    go({ entityId: entityDraft.trim(), page: 1 });
  }

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Audit trail</h1>
          <p className="page-head__sub">Append-only and hash-chained · newest first</p>
        </div>
        <Button variant="primary" onClick={() => void verify.refetch()} busy={verify.isFetching} data-testid="verify-chain">
          Verify chain
        </Button>
      </div>

      {verify.data && !verify.isFetching ? (
        verify.data.ok ? (
          <Alert tone="success" testId="verify-result">
            Chain intact — {verify.data.checked.toLocaleString()} events checked
          </Alert>
        ) : (
          <Alert tone="error" testId="verify-result">
            Chain broken at event #{verify.data.firstBrokenSeq ?? '?'}: {verify.data.reason ?? 'unknown reason'}
          </Alert>
        )
      ) : null}
      {verify.isError && !verify.isFetching ? <Alert tone="error">Could not verify the chain: {verify.error.message}</Alert> : null}

      <section className="card" aria-label="Filter">
        <form className="filters" onSubmit={onFilter}>
          <div className="field" style={{ maxWidth: 420, flexBasis: 280 }}>
            <label className="field__label" htmlFor={entityInputId}>
              Entity id
            </label>
            <input
              id={entityInputId}
              className="input mono"
              value={entityDraft}
              onChange={(e) => setEntityDraft(e.target.value)}
              placeholder="e.g. a recommendation id"
              autoComplete="off"
            />
          </div>
          <div className="btn-row">
            <Button type="submit">Filter</Button>
            {entityId ? (
              <Button
                variant="ghost"
                onClick={() => {
                  setEntityDraft('');
                  go({ entityId: '', page: 1 });
                }}
              >
                Clear
              </Button>
            ) : null}
          </div>
        </form>
      </section>

      <section className="card card--flush" aria-label="Audit events" aria-busy={list.isPending}>
        {list.isPending ? (
          <div style={{ padding: 14, display: 'grid', gap: 10 }}>
            {Array.from({ length: 8 }, (_, i) => (
              <Skeleton key={i} width={`${95 - (i % 3) * 10}%`} />
            ))}
          </div>
        ) : list.isError && !list.data ? (
          <ErrorState title="Could not load the audit trail" message={list.error.message} onRetry={() => void list.refetch()} retrying={list.isFetching} />
        ) : list.data && list.data.items.length === 0 ? (
          <EmptyState title={entityId ? 'No events for this entity' : 'No audit events yet'} />
        ) : list.data ? (
          <>
            <Table stack caption="Audit events">
              <colgroup>
                <col style={{ width: '7%' }} />
                <col style={{ width: '17%' }} />
                <col style={{ width: '17%' }} />
                <col style={{ width: '25%' }} />
                <col style={{ width: '20%' }} />
                <col style={{ width: '14%' }} />
              </colgroup>
              <TableHead columns={['#', 'Time', 'Actor', 'Action', 'Entity', 'Hash']} />
              <tbody>
                {list.data.items.map((ev) => (
                  <tr key={ev.seq} data-testid="audit-row">
                    <td data-label="#" className="mono">
                      {ev.seq}
                    </td>
                    <td data-label="Time">{formatDateTime(ev.at, true)}</td>
                    <td data-label="Actor">
                      {ev.actorName}
                      <div className="muted small">{ev.actorType}</div>
                    </td>
                    <td data-label="Action">
                      <span className="mono">{ev.action}</span>
                      {ev.data !== null && ev.data !== undefined ? (
                        <details>
                          <summary className="small">Data</summary>
                          <pre className="audit-data">{JSON.stringify(ev.data, null, 2)}</pre>
                        </details>
                      ) : null}
                    </td>
                    <td data-label="Entity">
                      {ev.entityType}
                      <div className="small mono break">
                        {ev.entityType.toLowerCase() === 'recommendation' ? <Link href={`/recommendations/${ev.entityId}`}>{ev.entityId}</Link> : ev.entityId}
                      </div>
                      {ev.siteId ? <div className="muted small">Site {ev.siteId}</div> : null}
                    </td>
                    <td data-label="Hash">
                      <span className="hash" title={`hash ${ev.hash}\nprevious ${ev.prevHash}`}>
                        {ev.hash.slice(0, 12)}…
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={(p) => go({ page: p })} busy={list.isPlaceholderData} />
          </>
        ) : null}
      </section>
    </div>
  );
}

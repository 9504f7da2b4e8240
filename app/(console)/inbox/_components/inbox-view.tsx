'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useId, useMemo } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState, ErrorState } from '@/components/ui/empty-state';
import { Pager } from '@/components/ui/pager';
import { Spinner } from '@/components/ui/spinner';
import { useNow } from '@/components/ui/time';
import { formatDateTime } from '@/components/ui/format';
import { useCan } from '@/components/layout/current-user';
import { RecommendationListHead, RecommendationRow, RecommendationRowSkeleton } from '@/components/recommendations/recommendation-row';
import { useLines, useRecommendationList } from '@/components/recommendations/recommendation-queries';
import { CheckOrderForm } from './check-order-form';
import {
  PAGE_SIZE,
  STATUS_FILTERS,
  TYPE_OPTIONS,
  inboxQueryString,
  parseInboxFilters,
  statusesFor,
  type InboxFilters,
} from './inbox-filters';

export function InboxView() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseInboxFilters(new URLSearchParams(searchParams.toString())), [searchParams]);
  const canRequest = useCan('recommendations.request');
  const now = useNow();
  const lineId = useId();
  const typeId = useId();

  const list = useRecommendationList({
    status: statusesFor(filters.status),
    type: filters.type,
    line: filters.line,
    page: filters.page,
    pageSize: PAGE_SIZE,
  });
  const lines = useLines();

  function update(next: Partial<InboxFilters>) {
    // Any filter change goes back to page 1; only paging keeps the page.
    const merged: InboxFilters = { ...filters, page: 1, ...next };
    router.replace(`${pathname}${inboxQueryString(merged)}`, { scroll: false });
  }

  const data = list.data;
  const isOpenView = filters.status === 'open' && !filters.line && !filters.type;

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Inbox</h1>
          <p className="page-head__sub">Most urgent first · refreshes every 10 s</p>
        </div>
        {list.isFetching && data ? (
          <span className="muted small" aria-live="polite">
            <Spinner label="Refreshing" /> Refreshing…
          </span>
        ) : null}
      </div>

      <section className="card" aria-label="Filters">
        <div className="filters">
          <div className="field">
            <span className="field__label" id="status-filter-label">
              Status
            </span>
            <div className="segmented" role="group" aria-labelledby="status-filter-label">
              {STATUS_FILTERS.map((f) => (
                <button
                  key={f.key}
                  type="button"
                  className="segmented__item"
                  aria-pressed={filters.status === f.key}
                  onClick={() => update({ status: f.key })}
                  data-testid={`status-filter-${f.key}`}
                >
                  {f.label}
                </button>
              ))}
            </div>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={lineId}>
              Line
            </label>
            <select id={lineId} className="select" value={filters.line} onChange={(e) => update({ line: e.target.value })} data-testid="line-filter">
              <option value="">All lines</option>
              {(lines.data?.items ?? []).map((l) => (
                <option key={`${l.siteId}:${l.code}`} value={l.code}>
                  {l.code} — {l.name} ({l.siteId})
                </option>
              ))}
              {/* Keep a line from the URL selectable even before /api/lines answers. */}
              {filters.line && !lines.data?.items.some((l) => l.code === filters.line) ? <option value={filters.line}>{filters.line}</option> : null}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={typeId}>
              Type
            </label>
            <select id={typeId} className="select" value={filters.type} onChange={(e) => update({ type: e.target.value })} data-testid="type-filter">
              <option value="">All types</option>
              {TYPE_OPTIONS.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      </section>

      {canRequest ? <CheckOrderForm lines={lines.data?.items ?? []} /> : null}

      {list.isError && data ? (
        <Alert
          tone="warning"
          action={
            <Button size="small" onClick={() => void list.refetch()}>
              Retry
            </Button>
          }
        >
          Could not refresh ({list.error.message}). Showing the list from {formatDateTime(new Date(list.dataUpdatedAt).toISOString(), true)}.
        </Alert>
      ) : null}

      <section className="card card--flush" aria-label="Recommendations" aria-busy={list.isPending}>
        {list.isPending ? (
          <>
            <RecommendationListHead />
            <ul className="rec-list" aria-label="Loading recommendations">
              {Array.from({ length: 6 }, (_, i) => (
                <li key={i}>
                  <RecommendationRowSkeleton />
                </li>
              ))}
            </ul>
          </>
        ) : list.isError && !data ? (
          <ErrorState title="Could not load recommendations" message={list.error.message} onRetry={() => void list.refetch()} retrying={list.isFetching} />
        ) : data && data.items.length === 0 ? (
          data.total > 0 && filters.page > 1 ? (
            <EmptyState title="This page is empty" action={<Button onClick={() => update({ page: 1 })}>Go to the first page</Button>}>
              The list got shorter while you were on page {filters.page}.
            </EmptyState>
          ) : isOpenView ? (
            <EmptyState title="No open recommendations — new ones appear as the ERP releases orders" />
          ) : (
            <EmptyState title="No recommendations match these filters" action={<Button onClick={() => router.replace(pathname, { scroll: false })}>Clear filters</Button>} />
          )
        ) : data ? (
          <>
            <RecommendationListHead />
            <ul className="rec-list">
              {data.items.map((rec) => (
                <li key={rec.id}>
                  <RecommendationRow rec={rec} now={now} />
                </li>
              ))}
            </ul>
            <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={(page) => update({ ...filters, page })} busy={list.isPlaceholderData} />
          </>
        ) : null}
      </section>
    </div>
  );
}

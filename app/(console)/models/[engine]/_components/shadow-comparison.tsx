'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { BarListChart } from '@/components/charts/bar-list-chart';
import { Badge } from '@/components/ui/badge';
import { EmptyState, ErrorState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/spinner';
import { Table } from '@/components/ui/table';
import { apiGet, withQuery } from '@/lib/http/api-client';
import { scorecardKeys } from '@/lib/scorecard/query-keys';
import type { ModelComparison, PairwiseComparison, VersionAgreement } from '@/lib/scorecard/types';
import { percent } from './metric-format';

const WINDOWS = [7, 30, 90] as const;
const STATUS = {
  ACTIVE: { tone: 'green', label: 'Active' },
  SHADOW: { tone: 'teal', label: 'In shadow' },
  CANDIDATE: { tone: 'blue', label: 'Candidate' },
  RETIRED: { tone: 'neutral', label: 'Retired' },
} as const;

function VersionStatus({ status }: { status: VersionAgreement['status'] }) {
  if (!status) return <span className="muted small">not in the registry</span>;
  return (
    <Badge tone={STATUS[status].tone} value={status}>
      {STATUS[status].label}
    </Badge>
  );
}

/** The active version and any shadow version, measured against what people decided on the same recommendations. */
export function ShadowComparison({ engine }: { engine: string }) {
  const [days, setDays] = useState<number>(30);
  const comparison = useQuery({
    queryKey: scorecardKeys.comparison(engine, days),
    queryFn: () => apiGet<ModelComparison>(withQuery(`/api/models/${encodeURIComponent(engine)}/comparison`, { days })),
    placeholderData: keepPreviousData,
  });

  return (
    <section className="card" aria-labelledby="shadow-title" aria-busy={comparison.isFetching} data-testid="shadow-comparison">
      <div className="card__title">
        <h2 id="shadow-title">Shadow comparison: versions against people</h2>
        <div className="segmented" role="group" aria-label="Comparison window">
          {WINDOWS.map((d) => (
            <button key={d} type="button" className="segmented__item" aria-pressed={days === d} onClick={() => setDays(d)} data-testid={`comparison-window-${d}`}>
              {d} days
            </button>
          ))}
        </div>
      </div>
      {comparison.isPending ? (
        <div style={{ display: 'grid', gap: 10 }}>
          <Skeleton width="60%" />
          <Skeleton width="90%" height={120} />
        </div>
      ) : comparison.isError ? (
        <ErrorState title="Could not load the comparison" message={comparison.error.message} onRetry={() => void comparison.refetch()} retrying={comparison.isFetching} />
      ) : (
        <ComparisonBody data={comparison.data} />
      )}
    </section>
  );
}

function ComparisonBody({ data }: { data: ModelComparison }) {
  const decided = data.versions.some((v) => v.tally.decisions > 0);
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      {!decided ? (
        <EmptyState title={`No decided recommendations scored by these versions in the last ${data.days} days`}>
          Put a candidate in shadow: it scores beside the active version, and this comparison fills as people decide the recommendations both scored.
        </EmptyState>
      ) : null}
      {data.versions.length > 0 ? (
        <Table stack caption="Agreement with people per model version">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Decided</th>
              <th scope="col">Agreement</th>
              <th scope="col">Value-weighted</th>
              <th scope="col">Critical misses</th>
            </tr>
          </thead>
          <tbody>
            {data.versions.map((v) => (
              <tr key={v.modelId} data-testid="comparison-version" data-model={v.modelId}>
                <td data-label="Version">
                  <span className="mono">{v.modelId}</span> <VersionStatus status={v.status} />
                  <div className="muted small">
                    {v.served > 0 ? `served ${v.served.toLocaleString()}` : ''}
                    {v.served > 0 && v.shadow > 0 ? ' · ' : ''}
                    {v.shadow > 0 ? `in shadow ${v.shadow.toLocaleString()}` : ''}
                  </div>
                </td>
                <td data-label="Decided">{v.tally.decisions.toLocaleString()}</td>
                <td data-label="Agreement">{percent(v.tally.agreementRate)}</td>
                <td data-label="Value-weighted">{percent(v.tally.costValue.weightedAgreementRate)}</td>
                <td data-label="Critical misses" className={v.tally.criticalMisses > 0 ? 'text-red' : undefined}>
                  {v.tally.criticalMisses.toLocaleString()}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      {data.pairs.map((p) => (
        <Pair key={`${p.active}:${p.shadow}`} pair={p} />
      ))}
      <p className="small muted">{data.method}</p>
    </div>
  );
}

function Pair({ pair }: { pair: PairwiseComparison }) {
  const better = (pair.shadowAgreementRate ?? 0) - (pair.activeAgreementRate ?? 0);
  return (
    <div data-testid="comparison-pair" data-active={pair.active} data-shadow={pair.shadow}>
      <h3 className="small">
        <span className="mono">{pair.active}</span> (served) against <span className="mono">{pair.shadow}</span> (shadow) on the same {pair.recommendations.toLocaleString()}{' '}
        decided recommendations
      </h3>
      <p className="small">
        Served agrees with people in {percent(pair.activeAgreementRate)}, shadow in {percent(pair.shadowAgreementRate)}
        {pair.recommendations > 0 ? (better > 0 ? ': the shadow version does better.' : better < 0 ? ': the served version does better.' : ': no difference.') : '.'} Critical
        misses: served {pair.activeCriticalMisses}, shadow {pair.shadowCriticalMisses}.
      </p>
      <BarListChart
        label={`Who agreed with people: ${pair.active} against ${pair.shadow}`}
        format={(v) => String(Math.round(v))}
        items={[
          { label: 'Both agree', value: pair.bothAgree, color: 'green' },
          { label: 'Only served agrees', value: pair.onlyActiveAgrees, color: 'amber' },
          { label: 'Only shadow agrees', value: pair.onlyShadowAgrees, color: 'primary' },
          { label: 'Neither agrees', value: pair.neitherAgrees, color: 'red' },
        ]}
      />
    </div>
  );
}

'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { BarListChart } from '@/components/charts/bar-list-chart';
import { DistributionChart } from '@/components/charts/distribution-chart';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { EmptyState, ErrorState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/spinner';
import { Table } from '@/components/ui/table';
import { apiGet, withQuery } from '@/lib/http/api-client';
import { PSI_WARNING, type DriftLevel } from '@/lib/ml/drift';
import { modelKeys } from '@/lib/models/query-keys';
import type { ModelMonitoring } from '@/lib/models/types';
import { fixed, percent } from './metric-format';

const WINDOWS = [1, 7, 30] as const;
const LEVEL = {
  stable: { tone: 'green', label: 'Stable' },
  watch: { tone: 'amber', label: 'Watch' },
  shift: { tone: 'red', label: 'Shifted' },
} as const satisfies Record<DriftLevel, { tone: 'green' | 'amber' | 'red'; label: string }>;

function LevelBadge({ level }: { level: DriftLevel | null }) {
  if (!level) return <span className="muted">—</span>;
  return (
    <Badge tone={LEVEL[level].tone} value={level}>
      {LEVEL[level].label}
    </Badge>
  );
}

/** The model in use: recent scores, and each input's live distribution against training. */
export function LiveSection({ engine }: { engine: string }) {
  const [days, setDays] = useState<number>(7);
  const monitoring = useQuery({
    queryKey: modelKeys.monitoring(engine, days),
    queryFn: () => apiGet<ModelMonitoring>(withQuery(`/api/models/${encodeURIComponent(engine)}/monitoring`, { days })),
    placeholderData: keepPreviousData,
  });

  return (
    <section className="card" aria-labelledby="live-title" aria-busy={monitoring.isFetching}>
      <div className="card__title">
        <h2 id="live-title">Live: scores and drift</h2>
        <div className="segmented" role="group" aria-label="Window">
          {WINDOWS.map((d) => (
            <button key={d} type="button" className="segmented__item" aria-pressed={days === d} onClick={() => setDays(d)} data-testid={`window-${d}`}>
              {d === 1 ? '24 h' : `${d} days`}
            </button>
          ))}
        </div>
      </div>
      {monitoring.isPending ? (
        <div style={{ display: 'grid', gap: 10 }}>
          <Skeleton width="50%" />
          <Skeleton width="90%" height={160} />
        </div>
      ) : monitoring.isError ? (
        <ErrorState title="Could not load live scores" message={monitoring.error.message} onRetry={() => void monitoring.refetch()} retrying={monitoring.isFetching} />
      ) : (
        <LiveBody data={monitoring.data} />
      )}
    </section>
  );
}

function LiveBody({ data }: { data: ModelMonitoring }) {
  const [picked, setPicked] = useState<string | null>(null);
  if (data.recommendations === 0) {
    return (
      <EmptyState title={`No recommendations scored in the last ${data.days === 1 ? '24 hours' : `${data.days} days`}`}>
        Scores and drift appear here once the engine has scored orders you can see.
      </EmptyState>
    );
  }
  const shifted = data.drift.filter((d) => d.level === 'shift');
  // The most shifted input first, until someone picks another.
  const feature = data.drift.find((d) => d.feature === picked) ?? data.drift[0] ?? null;
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      {data.driftWarning ? (
        <Alert tone="warning" testId="drift-warning">
          <strong>Inputs have shifted</strong>: {shifted.map((d) => d.feature).join(', ')} {shifted.length === 1 ? 'is' : 'are'} past a population
          stability index of {PSI_WARNING} against {data.reference?.modelId}’s training data. The model is scoring situations it was not trained on; its
          probabilities there deserve less trust.
        </Alert>
      ) : null}
      {data.reference && !data.reference.hasTrainingProfile ? (
        <Alert tone="info">
          <span className="mono">{data.reference.modelId}</span> has no training profile recorded, so drift cannot be measured against it.
        </Alert>
      ) : null}

      <dl className="facts">
        <div>
          <dt>Recommendations</dt>
          <dd data-testid="live-count">{data.recommendations.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Blocked by a rule</dt>
          <dd>{data.scores.blocked.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Mean score</dt>
          <dd>{percent(data.scores.mean)}</dd>
        </div>
        <div>
          <dt>Mean confidence</dt>
          <dd>{percent(data.confidence.mean)}</dd>
        </div>
        <div>
          <dt>Score PSI</dt>
          <dd>
            {fixed(data.scores.psi)} <LevelBadge level={data.scores.level} />
          </dd>
        </div>
        <div>
          <dt>Scored by</dt>
          <dd className="small">{data.byVersion.map((v) => `${v.modelId} (${v.count})`).join(', ')}</dd>
        </div>
      </dl>

      <div className="grid-2">
        <div>
          <h3 className="small">Model scores (rule-blocked orders left out)</h3>
          <DistributionChart
            bins={data.scores.histogram}
            label="Distribution of live scores next to the held-out predictions at training"
            liveLabel={`live, ${data.days === 1 ? '24 h' : `${data.days} d`}`}
          />
        </div>
        <div>
          <h3 className="small">Confidence</h3>
          <DistributionChart bins={data.confidence.histogram} label="Distribution of live confidence" />
        </div>
      </div>

      {data.drift.length > 0 ? (
        <div className="grid-2">
          <div>
            <h3 className="small">Population stability index per input</h3>
            <BarListChart
              label="Population stability index of each model input against training"
              items={data.drift.map((d) => ({ label: d.feature, value: d.psi, color: d.level === 'shift' ? 'red' : d.level === 'watch' ? 'amber' : 'green' }))}
              reference={{ value: PSI_WARNING, label: `${PSI_WARNING}` }}
            />
          </div>
          <div>
            {feature ? (
              <>
                <div className="field">
                  <label className="field__label" htmlFor="drift-feature">
                    Distribution of one input, live against training
                  </label>
                  <select id="drift-feature" className="select" value={feature.feature} onChange={(e) => setPicked(e.target.value)} data-testid="drift-feature">
                    {data.drift.map((d) => (
                      <option key={d.feature} value={d.feature}>
                        {d.feature} (PSI {fixed(d.psi, 2)})
                      </option>
                    ))}
                  </select>
                </div>
                <DistributionChart
                  bins={feature.bins}
                  label={`Distribution of ${feature.feature}: live against training`}
                  liveLabel={`live, ${data.days === 1 ? '24 h' : `${data.days} d`}`}
                />
              </>
            ) : null}
          </div>
        </div>
      ) : null}

      {data.drift.length > 0 ? (
        <div>
          <div>
            <Table stack caption="Drift per model input">
              <thead>
                <tr>
                  <th scope="col">Input</th>
                  <th scope="col">PSI</th>
                  <th scope="col">Drift</th>
                  <th scope="col">Mean (training → live)</th>
                </tr>
              </thead>
              <tbody>
                {data.drift.map((d) => (
                  <tr key={d.feature} data-testid="drift-row">
                    <td data-label="Input" className="mono">
                      {d.feature}
                    </td>
                    <td data-label="PSI" className="mono">
                      {fixed(d.psi)}
                    </td>
                    <td data-label="Drift">
                      <LevelBadge level={d.level} />
                    </td>
                    <td data-label="Mean" className="mono">
                      {fixed(d.trainingMean, 2)} → {fixed(d.liveMean, 2)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        </div>
      ) : null}
    </div>
  );
}

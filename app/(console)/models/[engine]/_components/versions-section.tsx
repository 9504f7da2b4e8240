'use client';

import { TrendChart, type TrendSeries } from '@/components/charts/trend-chart';
import { Table } from '@/components/ui/table';
import { formatDateTime } from '@/components/ui/format';
import type { ModelMetrics } from '@/lib/ml/model-card';
import type { ModelVersionView } from '@/lib/models/types';
import { ModelStatusBadge } from './status-badge';
import { VersionActions } from './version-actions';
import { dateOnly, fixed } from './metric-format';

/** The held-out numbers a version is compared on, by kind. */
function keyMetrics(m: ModelMetrics): Record<string, number | null> {
  if (m.kind === 'multiclass') return { 'macro-F1': m.macroF1, accuracy: m.accuracy, 'log loss': m.logLoss };
  if (m.kind === 'regression') return { MAE: m.mae, 'naive MAE': m.naiveMae, 'MAE ÷ naive': m.maeRatio };
  return { AUC: m.auc, 'log loss': m.logLoss, Brier: m.brier };
}

const SERIES_COLORS: TrendSeries['color'][] = ['primary', 'amber', 'teal'];

export function VersionsSection({ versions, selected, onSelect }: { versions: ModelVersionView[]; selected: number | null; onSelect: (version: number) => void }) {
  const ascending = [...versions].reverse();
  const metricNames = Object.keys(keyMetrics(versions[0].metrics));
  const trend = ascending.map((v) => ({ version: `v${v.version}`, ...keyMetrics(v.metrics) }));
  const series: TrendSeries[] = metricNames.map((key, i) => ({ key, label: key, color: SERIES_COLORS[i % SERIES_COLORS.length] }));
  const active = versions.find((v) => v.status === 'ACTIVE') ?? null;

  return (
    <>
      <section className="card card--flush" aria-labelledby="versions-title">
        <div className="card__title" style={{ padding: '14px 14px 0' }}>
          <h2 id="versions-title">Versions</h2>
          <span className="muted small">held-out metrics on the latest days of the data (time-based split)</span>
        </div>
        <Table stack caption="Model versions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Trained</th>
              <th scope="col">Training window</th>
              {metricNames.map((name) => (
                <th scope="col" key={name}>
                  {name}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => {
              const metrics = keyMetrics(v.metrics);
              return (
                <tr key={v.id} data-testid="model-version-row" data-version={v.version} aria-current={v.version === selected ? 'true' : undefined}>
                  <td data-label="Version">
                    <strong className="mono">{v.modelId}</strong>
                  </td>
                  <td data-label="Status">
                    <ModelStatusBadge status={v.status} />
                    {v.status === 'SHADOW' && v.shadowSince ? <span className="muted small"> since {formatDateTime(v.shadowSince)}</span> : null}
                  </td>
                  <td data-label="Trained">{formatDateTime(v.trainedAt)}</td>
                  <td data-label="Training window">
                    {dateOnly(v.training.from)} – {dateOnly(v.training.to)}{' '}
                    <span className="muted small">
                      ({v.training.rows?.toLocaleString() ?? '—'} rows; held out {v.heldOut.rows?.toLocaleString() ?? '—'})
                    </span>
                  </td>
                  {metricNames.map((name) => (
                    <td data-label={name} key={name} className="mono">
                      {fixed(metrics[name])}
                    </td>
                  ))}
                  <td data-label="">
                    <div className="btn-row">
                      <button type="button" className="btn btn--ghost btn--small" aria-pressed={v.version === selected} onClick={() => onSelect(v.version)}>
                        {v.version === selected ? 'Shown' : 'Show'}
                      </button>
                      <VersionActions version={v} active={active} />
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </section>

      <section className="card" aria-labelledby="trend-title">
        <div className="card__title">
          <h2 id="trend-title">Held-out metrics over versions</h2>
        </div>
        <TrendChart data={trend} xKey="version" series={series} label={`Held-out ${metricNames.join(', ')} per version`} />
      </section>
    </>
  );
}

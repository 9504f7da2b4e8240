'use client';

import type { ReactNode } from 'react';
import { BarListChart } from '@/components/charts/bar-list-chart';
import { CalibrationChart } from '@/components/charts/calibration-chart';
import { Table } from '@/components/ui/table';
import { TableHead } from '@/components/ui/table-head';
import { formatDateTime } from '@/components/ui/format';
import type { ModelVersionView } from '@/lib/models/types';
import { fixed, percent } from './metric-format';
import { ModelStatusBadge } from './status-badge';
import { ConfusionMatrix } from './confusion-matrix';
import { confusionAtThreshold } from '@/lib/ml/metrics';

/** Feasibility's default at-risk threshold (Policy.atRiskThreshold): the cut people see as AT_RISK. */
const BINARY_THRESHOLD = 0.6;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** What one version learned and how it did: calibration (or per class, or against the naive forecast) and feature importances. */
export function VersionDetail({ version }: { version: ModelVersionView }) {
  const m = version.metrics;
  const importances = version.featureImportance.map((f) => ({ label: f.feature, value: f.gainShare }));
  return (
    <>
      <section className="card" aria-labelledby="version-title" data-testid="version-detail">
        <div className="card__title">
          <h2 id="version-title">
            <span className="mono">{version.modelId}</span>
          </h2>
          <span className="muted small">{version.algorithm}</span>
        </div>
        <dl className="facts" style={{ marginBottom: 12 }} data-testid="version-lifecycle">
          <Fact label="Status">
            <ModelStatusBadge status={version.status} />
          </Fact>
          {version.shadowSince ? <Fact label="In shadow since">{formatDateTime(version.shadowSince)}</Fact> : null}
          {version.promotedAt ? (
            <Fact label="Promoted">
              {formatDateTime(version.promotedAt)}
              {version.promotedByName ? <span className="muted small"> by {version.promotedByName}</span> : null}
            </Fact>
          ) : null}
          {version.previousActiveVersion !== null ? (
            <Fact label="Replaced">
              <span className="mono">
                {version.engine}@{version.previousActiveVersion}
              </span>
            </Fact>
          ) : null}
          {version.retiredAt ? <Fact label="Retired">{formatDateTime(version.retiredAt)}</Fact> : null}
        </dl>
        <dl className="facts">
          <Fact label="Held-out rows">{m.rows.toLocaleString()}</Fact>
          {m.kind === 'multiclass' ? (
            <>
              <Fact label="Macro-F1">{fixed(m.macroF1)}</Fact>
              <Fact label="Accuracy">{percent(m.accuracy)}</Fact>
              <Fact label="Log loss">{fixed(m.logLoss)}</Fact>
            </>
          ) : m.kind === 'regression' ? (
            <>
              <Fact label="MAE">{fixed(m.mae)}</Fact>
              <Fact label="Naive MAE">{fixed(m.naiveMae)}</Fact>
              <Fact label="MAE ÷ naive">{fixed(m.maeRatio)}</Fact>
              <Fact label="RMSE">{fixed(m.rmse)}</Fact>
            </>
          ) : (
            <>
              <Fact label="AUC">{fixed(m.auc)}</Fact>
              <Fact label="Log loss">{fixed(m.logLoss)}</Fact>
              <Fact label="Brier">{fixed(m.brier)}</Fact>
              <Fact label="Positive rate">{percent(m.positiveRate)}</Fact>
              <Fact label="Mean predicted">{percent(m.meanPredicted)}</Fact>
            </>
          )}
          <Fact label="Data">
            {version.dataSource ?? '—'}
            {version.seed !== null ? <span className="muted small"> (seed {version.seed})</span> : null}
          </Fact>
          <Fact label="sha256">
            <span className="mono small" title={version.sha256}>
              {version.sha256.slice(0, 16)}…
            </span>
          </Fact>
        </dl>
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="calibration-title">
          {m.kind === 'multiclass' ? (
            <>
              <div className="card__title">
                <h2 id="calibration-title">Per class (held out)</h2>
              </div>
              <Table caption="Precision and recall per class">
                <TableHead columns={['Class', 'Support', 'Precision', 'Recall', 'F1']} />
                <tbody>
                  {m.perClass.map((c) => (
                    <tr key={c.class}>
                      <td>{c.class}</td>
                      <td>{c.support}</td>
                      <td className="mono">{fixed(c.precision)}</td>
                      <td className="mono">{fixed(c.recall)}</td>
                      <td className="mono">{fixed(c.f1)}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </>
          ) : m.kind === 'regression' ? (
            <>
              <div className="card__title">
                <h2 id="calibration-title">Against the naive forecast</h2>
              </div>
              <BarListChart
                label="Mean absolute error of the model and of the naive forecast"
                items={[
                  { label: 'model', value: m.mae, color: 'primary' },
                  ...(m.naiveMae === null ? [] : [{ label: 'naive forecast', value: m.naiveMae, color: 'grey' as const }]),
                ]}
              />
            </>
          ) : (
            <>
              <div className="card__title">
                <h2 id="calibration-title">Calibration (held out)</h2>
                <span className="muted small">observed rate per predicted band; the diagonal is perfect</span>
              </div>
              <CalibrationChart bins={m.calibration} label={`Calibration curve of ${version.modelId} on held-out rows`} />
            </>
          )}
        </section>
        {m.kind === 'multiclass' || m.kind === 'regression' ? null : <BinaryConfusion bins={m.calibration} modelId={version.modelId} />}
        {m.kind === 'multiclass' ? (
          <section className="card" aria-labelledby="confusion-title">
            <div className="card__title">
              <h2 id="confusion-title">Confusion matrix (held out)</h2>
            </div>
            <ConfusionMatrix
              confusion={m.confusion}
              actual={m.perClass.map((c) => c.class)}
              predicted={m.perClass.map((c) => c.class)}
              caption={`Confusion matrix of ${version.modelId} on held-out rows`}
            />
          </section>
        ) : null}
        <section className="card" aria-labelledby="importance-title">
          <div className="card__title">
            <h2 id="importance-title">Feature importance</h2>
            <span className="muted small">share of the split gain</span>
          </div>
          {importances.length === 0 ? (
            <p className="muted">No importances recorded.</p>
          ) : (
            <BarListChart items={importances} label={`Feature importance of ${version.modelId} by gain share`} format={(v) => `${Math.round(v * 100)}%`} />
          )}
        </section>
      </div>
    </>
  );
}

function BinaryConfusion({ bins, modelId }: { bins: Parameters<typeof confusionAtThreshold>[0]; modelId: string }) {
  const confusion = confusionAtThreshold(bins, BINARY_THRESHOLD);
  return (
    <section className="card" aria-labelledby="confusion-title">
      <div className="card__title">
        <h2 id="confusion-title">Confusion matrix (held out)</h2>
        <span className="muted small">at the default at-risk threshold {BINARY_THRESHOLD}</span>
      </div>
      {confusion ? (
        <ConfusionMatrix
          confusion={confusion}
          actual={['late', 'on time']}
          predicted={[`at risk (< ${BINARY_THRESHOLD})`, `on time (≥ ${BINARY_THRESHOLD})`]}
          caption={`Confusion matrix of ${modelId} on held-out rows at threshold ${BINARY_THRESHOLD}`}
        />
      ) : (
        <p className="muted">The card&apos;s calibration bins do not split at {BINARY_THRESHOLD}.</p>
      )}
    </section>
  );
}

'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { BarListChart } from '@/components/charts/bar-list-chart';
import { TrendChart } from '@/components/charts/trend-chart';
import { Table } from '@/components/ui/table';
import { TableHead } from '@/components/ui/table-head';
import { formatDateTime } from '@/components/ui/format';
import { ACTION_LABEL, typeLabel, VERDICT } from '@/components/recommendations/labels';
import { getReasonCode } from '@/lib/recommendations/reason-codes';
import { PROMOTION_GATE } from '@/lib/scorecard/promotion-gate';
import type { BreakdownRow, CostFigures, ScorecardGroup, Tally } from '@/lib/scorecard/types';
import { count, minutes, money, rate } from './scorecard-format';

const verdictLabel = (v: string) => (VERDICT as Record<string, { label: string } | undefined>)[v]?.label ?? v;
const actionLabel = (a: string) => (ACTION_LABEL as Record<string, string | undefined>)[a] ?? a;

/** One decision type at one site: headline figures, the source split, charts and breakdowns. */
export function GroupCard({ group, siteName }: { group: ScorecardGroup; siteName: string }) {
  const t = group.total;
  const titleId = `group-${group.decisionType}-${group.siteId}`;
  const weeks = group.byWeek.map((w) => ({ week: w.key.slice(5), agreement: w.agreementRate, weighted: w.costValue.weightedAgreementRate }));
  return (
    <section className="card" aria-labelledby={titleId} data-testid="scorecard-group" data-site={group.siteId} data-type={group.decisionType}>
      <div className="card__title">
        <h2 id={titleId}>
          {typeLabel(group.decisionType)} · site {group.siteId} <span className="muted small">{siteName}</span>
        </h2>
        <span className="small muted">Shifts and weeks in {group.timezone}</span>
      </div>

      <dl className="facts">
        <div>
          <dt>Decisions</dt>
          <dd data-testid="figure-decisions">{count(t.decisions)}</dd>
        </div>
        <div>
          <dt>Agreement</dt>
          <dd data-testid="figure-agreement">
            {rate(t.agreementRate)}{' '}
            <span className="muted small">
              ({count(t.agreements)} of {count(t.decisions)})
            </span>
          </dd>
        </div>
        <div>
          <dt>Disagreements</dt>
          <dd data-testid="figure-disagreements">{count(t.disagreements)}</dd>
        </div>
        <WeightedFigure label="Value-weighted agreement" testId="figure-weighted-value" figures={t.costValue}>
          {money(t.costValue.disagreement)} of {money(t.costValue.total)} at stake in disagreements
        </WeightedFigure>
        <WeightedFigure label="Downtime-weighted agreement" testId="figure-weighted-minutes" figures={t.costMinutes}>
          {minutes(t.costMinutes.disagreement)} of {minutes(t.costMinutes.total)}
        </WeightedFigure>
        <div>
          <dt>Critical misses</dt>
          <dd data-testid="figure-critical" className={t.criticalMisses > 0 ? 'text-red' : undefined}>
            {count(t.criticalMisses)}
          </dd>
        </div>
        {t.unexplainedDeclines > 0 ? (
          <div>
            <dt>Unexplained declines</dt>
            <dd title="Shadow: the AI would have released, people did not, and no reason was recorded">{count(t.unexplainedDeclines)}</dd>
          </div>
        ) : null}
      </dl>

      <h3 className="small" style={{ marginTop: 16 }}>
        Decisions and observations
      </h3>
      <SourceTable group={group} />

      <div className="grid-2" style={{ marginTop: 16 }}>
        <div>
          <h3 className="small">Agreement by week (week starting)</h3>
          <TrendChart
            data={weeks}
            xKey="week"
            series={[
              { key: 'agreement', label: 'agreement', color: 'primary' },
              { key: 'weighted', label: 'value-weighted', color: 'grey' },
            ]}
            label={`Agreement rate per week for ${typeLabel(group.decisionType)} at site ${group.siteId}`}
            format={(v) => `${Math.round(v * 100)}%`}
            domain={[0, 1]}
          />
        </div>
        <div>
          <h3 className="small">Agreement by shift</h3>
          <BarListChart
            items={group.byShift.map((s) => ({ label: `${s.label} · ${s.decisions}`, value: s.agreementRate ?? 0, color: s.criticalMisses > 0 ? 'red' : 'primary' }))}
            label={`Agreement rate per shift for ${typeLabel(group.decisionType)} at site ${group.siteId}`}
            format={(v) => `${Math.round(v * 100)}%`}
            reference={{ value: PROMOTION_GATE.minAgreementRate, label: `gate ${Math.round(PROMOTION_GATE.minAgreementRate * 100)}%` }}
          />
        </div>
      </div>

      <div className="grid-2" style={{ marginTop: 16 }}>
        <BreakdownTable title="By the AI’s verdict" column="Verdict" caption="Agreement by the AI’s verdict" rows={group.byClass.map((r) => ({ ...r, label: verdictLabel(r.key) }))} testId="by-class" />
        <BreakdownTable title="By line" column="Line" caption="Agreement by line" rows={group.byLine} testId="by-line" />
      </div>
      <div style={{ marginTop: 16 }}>
        <BreakdownTable title="By shift" column="Shift" caption="Agreement by shift" rows={group.byShift} testId="by-shift" />
      </div>

      {group.recentCriticalMisses.length > 0 ? <CriticalMisses group={group} /> : null}
    </section>
  );
}

function SourceTable({ group }: { group: ScorecardGroup }) {
  const rows: { key: string; label: string; hint: string; tally: Tally }[] = [
    { key: 'DECISION', label: 'People’s decisions', hint: 'approve, reject, hold or edit of a recommendation', tally: group.bySource.DECISION },
    { key: 'OBSERVED', label: 'Shadow observations', hint: 'what people did on their own while the AI only recorded', tally: group.bySource.OBSERVED },
  ];
  return (
    <Table stack caption="Agreement by source">
      <TableHead columns={['Source', 'Decisions', 'Agreement', 'Critical misses']} />
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-testid="source-row" data-source={r.key}>
            <td data-label="Source">
              {r.label}
              <div className="muted small">{r.hint}</div>
            </td>
            <td data-label="Decisions">{count(r.tally.decisions)}</td>
            <td data-label="Agreement">{rate(r.tally.agreementRate)}</td>
            <td data-label="Critical misses">{count(r.tally.criticalMisses)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function BreakdownTable({ title, column, caption, rows, testId }: { title: string; column: string; caption: string; rows: BreakdownRow[]; testId: string }) {
  return (
    <div data-testid={testId}>
      <h3 className="small">{title}</h3>
      <Table stack caption={caption}>
        <thead>
          <tr>
            <th scope="col">{column}</th>
            <th scope="col">Decisions</th>
            <th scope="col">Agreement</th>
            <th scope="col" title="Value (and line time) at stake in the disagreements">
              Cost
            </th>
            <th scope="col">Critical</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-testid="breakdown-row" data-key={r.key}>
              <td data-label={column}>{r.label}</td>
              <td data-label="Decisions">{count(r.decisions)}</td>
              <td data-label="Agreement">{rate(r.agreementRate)}</td>
              <td data-label="Cost of disagreements">
                {money(r.costValue.disagreement)}
                {r.costMinutes.disagreement > 0 ? <span className="muted small"> · {minutes(r.costMinutes.disagreement)}</span> : null}
              </td>
              <td data-label="Critical" className={r.criticalMisses > 0 ? 'text-red' : undefined}>
                {count(r.criticalMisses)}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

/** A cost-weighted agreement rate; what was at stake shows only when anything was. */
function WeightedFigure({ label, testId, figures, children }: { label: string; testId: string; figures: CostFigures; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>
        {rate(figures.weightedAgreementRate)}
        {figures.total > 0 ? <div className="muted small">{children}</div> : null}
      </dd>
    </div>
  );
}

function CriticalMisses({ group }: { group: ScorecardGroup }) {
  return (
    <div style={{ marginTop: 16 }} data-testid="critical-misses">
      <h3 className="small">Recent critical misses</h3>
      <p className="small muted">The AI proposed to go ahead and people stopped it for a critical reason. Each one keeps the gate closed for its window.</p>
      <Table stack caption="Recent critical misses">
        <TableHead columns={['Decided', 'AI', 'People', 'Reason', 'Recommendation']} />
        <tbody>
          {group.recentCriticalMisses.map((m) => (
            <tr key={`${m.recommendationId}:${m.source}`}>
              <td data-label="Decided">{formatDateTime(m.decidedAt)}</td>
              <td data-label="AI">
                {verdictLabel(m.aiVerdict)} · {actionLabel(m.aiAction)}
              </td>
              <td data-label="People">
                {actionLabel(m.humanAction)}
                <div className="muted small">{m.source === 'OBSERVED' ? 'observed in shadow' : m.decidedByName}</div>
              </td>
              <td data-label="Reason">{m.reasonCode ? (getReasonCode(group.decisionType, m.reasonCode)?.label ?? m.reasonCode) : '—'}</td>
              <td data-label="Recommendation">
                <Link href={`/recommendations/${m.recommendationId}`} className="mono small break">
                  {m.recommendationId}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

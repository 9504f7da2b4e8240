'use client';

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_COLORS } from '@/components/charts/palette';

export interface CalibrationPoint {
  meanPredicted: number | null;
  observedRate: number | null;
  count: number;
}

/**
 * Observed rate against mean predicted probability per bin; a well calibrated
 * model follows the diagonal. Empty bins are left out.
 */
export function CalibrationChart({ bins, label, height = 260 }: { bins: CalibrationPoint[]; label: string; height?: number }) {
  const points = bins
    .filter((b): b is { meanPredicted: number; observedRate: number; count: number } => b.meanPredicted !== null && b.observedRate !== null)
    .map((b) => ({ predicted: b.meanPredicted, observed: b.observedRate, count: b.count }));
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  return (
    <div role="img" aria-label={label} style={{ width: '100%', height }}>
      <ResponsiveContainer>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid stroke={CHART_COLORS.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="predicted"
            type="number"
            domain={[0, 1]}
            ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
            tickFormatter={pct}
            tick={{ fill: CHART_COLORS.text, fontSize: 12 }}
            label={{ value: 'predicted', position: 'insideBottom', offset: -8, fill: CHART_COLORS.text, fontSize: 12 }}
          />
          <YAxis domain={[0, 1]} ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]} tickFormatter={pct} tick={{ fill: CHART_COLORS.text, fontSize: 12 }} width={48} />
          <Tooltip
            formatter={(v, name) => [typeof v === 'number' ? pct(v) : String(v), String(name)]}
            labelFormatter={(v) => `predicted ${typeof v === 'number' ? pct(v) : String(v)}`}
          />
          <Legend verticalAlign="top" />
          <ReferenceLine
            segment={[
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ]}
            stroke={CHART_COLORS.grey}
            strokeDasharray="4 4"
            ifOverflow="extendDomain"
          />
          <Line type="linear" dataKey="observed" name="observed rate" stroke={CHART_COLORS.primary} strokeWidth={2} dot={{ r: 4 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

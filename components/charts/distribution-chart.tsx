'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_COLORS } from '@/components/charts/palette';

export interface DistributionBin {
  label: string;
  /** Shares, 0–1; training is null when there is nothing to compare with. */
  live: number;
  training: number | null;
}

/** Live shares per bin next to the training shares, as grouped bars. */
export function DistributionChart({ bins, label, height = 250, liveLabel = 'live' }: { bins: DistributionBin[]; label: string; height?: number; liveLabel?: string }) {
  const hasTraining = bins.some((b) => b.training !== null);
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  return (
    <div role="img" aria-label={label} style={{ width: '100%', height }}>
      <ResponsiveContainer>
        <BarChart data={bins} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke={CHART_COLORS.grid} strokeDasharray="3 3" vertical={false} />
          {/* Bin labels are ranges: slanted, they fit ten to a tablet-width chart. */}
          <XAxis dataKey="label" tick={{ fill: CHART_COLORS.text, fontSize: 11 }} interval={0} angle={-35} textAnchor="end" height={56} />
          <YAxis tickFormatter={pct} tick={{ fill: CHART_COLORS.text, fontSize: 12 }} width={44} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? pct(v) : String(v))} />
          <Legend />
          {hasTraining ? <Bar dataKey="training" name="training" fill={CHART_COLORS.grey} isAnimationActive={false} /> : null}
          <Bar dataKey="live" name={liveLabel} fill={CHART_COLORS.primary} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

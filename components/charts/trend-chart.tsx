'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_COLORS, type ChartColor } from '@/components/charts/palette';

export interface TrendSeries {
  key: string;
  label: string;
  color: ChartColor;
}

/** One line per series over ordered categories (e.g. a metric per model version). */
export function TrendChart({
  data,
  xKey,
  series,
  label,
  height = 220,
  format = (v: number) => v.toFixed(3),
  domain,
}: {
  data: Record<string, string | number | null>[];
  xKey: string;
  series: TrendSeries[];
  /** What the chart shows, for screen readers. */
  label: string;
  height?: number;
  format?: (value: number) => string;
  domain?: [number | 'auto', number | 'auto'];
}) {
  return (
    <div role="img" aria-label={label} style={{ width: '100%', height }}>
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke={CHART_COLORS.grid} strokeDasharray="3 3" />
          <XAxis dataKey={xKey} tick={{ fill: CHART_COLORS.text, fontSize: 12 }} />
          <YAxis domain={domain ?? ['auto', 'auto']} tick={{ fill: CHART_COLORS.text, fontSize: 12 }} tickFormatter={(v: number) => format(v)} width={56} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? format(v) : String(v))} />
          <Legend />
          {series.map((s) => (
            <Line key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={CHART_COLORS[s.color]} strokeWidth={2} dot={{ r: 4 }} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

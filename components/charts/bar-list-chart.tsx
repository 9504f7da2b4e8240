'use client';

import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_COLORS, type ChartColor } from '@/components/charts/palette';

export interface BarItem {
  label: string;
  value: number;
  color?: ChartColor;
}

/** Horizontal bars, largest on top as given (e.g. feature importances, PSI per feature). */
export function BarListChart({
  items,
  label,
  format = (v: number) => v.toFixed(3),
  reference,
  color = 'primary',
}: {
  items: BarItem[];
  label: string;
  format?: (value: number) => string;
  /** A vertical line, e.g. the PSI warning threshold. */
  reference?: { value: number; label: string };
  color?: ChartColor;
}) {
  const height = Math.max(120, items.length * 28 + 40);
  return (
    <div role="img" aria-label={label} style={{ width: '100%', height }}>
      <ResponsiveContainer>
        <BarChart data={items} layout="vertical" margin={{ top: 8, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid stroke={CHART_COLORS.grid} strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tickFormatter={(v: number) => format(v)} tick={{ fill: CHART_COLORS.text, fontSize: 12 }} />
          <YAxis type="category" dataKey="label" width={170} tick={{ fill: CHART_COLORS.text, fontSize: 12 }} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? format(v) : String(v))} />
          {reference ? (
            <ReferenceLine x={reference.value} stroke={CHART_COLORS.red} strokeDasharray="4 4" label={{ value: reference.label, fill: CHART_COLORS.red, fontSize: 12, position: 'top' }} ifOverflow="extendDomain" />
          ) : null}
          <Bar dataKey="value" name={label} isAnimationActive={false}>
            {items.map((item) => (
              <Cell key={item.label} fill={CHART_COLORS[item.color ?? color]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

// Series colours for charts, from the console palette (app/globals.css). SVG
// attributes take plain colours, so the values are repeated here.
export const CHART_COLORS = {
  primary: '#1d4ed8',
  green: '#166534',
  teal: '#115e59',
  amber: '#b45309',
  red: '#b91c1c',
  grey: '#9aa3ae',
  grid: '#e5e7eb',
  text: '#4b5563',
} as const;

export type ChartColor = keyof typeof CHART_COLORS;

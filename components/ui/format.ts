// Pure formatters, safe in server and client components alike.

/** Compact relative time for a glanceable queue: "in 3 h", "in 45 min", "2 d ago", "now". */
export function formatRelative(iso: string, now: number): string {
  const diffMs = new Date(iso).getTime() - now;
  if (Number.isNaN(diffMs)) return '—';
  const min = Math.round(Math.abs(diffMs) / 60_000);
  if (min < 1) return 'now';
  let text: string;
  if (min < 60) text = `${min} min`;
  else if (min < 48 * 60) text = `${Math.round(min / 60)} h`;
  else text = `${Math.round(min / 1440)} d`;
  return diffMs >= 0 ? `in ${text}` : `${text} ago`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return (withSeconds ? dateTimeSeconds : dateTime).format(d);
}

/** Scores, confidences and thresholds travel as 0..1; people read percentages. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return `${Math.round(value * 100)}%`;
}

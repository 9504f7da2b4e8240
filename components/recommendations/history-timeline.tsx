import { formatDateTime } from '@/components/ui/format';
import type { HistoryEntry } from '@/lib/recommendations/types';

export function HistoryTimeline({ history }: { history: HistoryEntry[] }) {
  if (history.length === 0) return <p className="muted">No history yet.</p>;
  return (
    <ol className="timeline" data-testid="history">
      {history.map((h, i) => (
        <li key={`${h.at}-${i}`}>
          <div className="timeline__meta">
            <time dateTime={h.at}>{formatDateTime(h.at, true)}</time> · {h.actorName}
          </div>
          <div>
            <strong>{h.action}</strong>
            {h.detail ? <span className="break"> — {h.detail}</span> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}

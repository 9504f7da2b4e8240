import { Icon } from '@/components/ui/icon';
import type { Finding } from '@/lib/recommendations/types';

const SEVERITY = {
  blocking: { icon: 'blocking', tone: 'red', label: 'Blocking' },
  warning: { icon: 'warning', tone: 'amber', label: 'Warning' },
  info: { icon: 'info', tone: 'blue', label: 'Info' },
} as const;

const ORDER: Record<Finding['severity'], number> = { blocking: 0, warning: 1, info: 2 };

export function FindingsList({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return <p className="muted">No findings: every check passed.</p>;
  // What blocks comes first: it is what the person must act on.
  const sorted = [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return (
    <ul className="findings" data-testid="findings">
      {sorted.map((f, i) => {
        const s = SEVERITY[f.severity] ?? SEVERITY.info;
        return (
          <li key={`${f.code}-${f.subject}-${i}`} className={`finding finding--${f.severity}`} data-testid="finding" data-severity={f.severity}>
            <Icon name={s.icon} tone={s.tone} label={s.label} />
            <div>
              <span className="finding__code">{f.code}</span>
              {f.subject ? <span className="muted small"> · {f.subject}</span> : null}
              <p>{f.message}</p>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

import { Icon } from '@/components/ui/icon';
import { Table } from '@/components/ui/table';
import { formatDateTime } from '@/components/ui/format';
import type { Evidence } from '@/lib/recommendations/types';

/** What the order needs next to what the floor has, row by row. */
export function EvidenceTable({ evidence }: { evidence: Evidence }) {
  const features = Object.entries(evidence.features ?? {});
  return (
    <div>
      <p className="muted small" style={{ marginBottom: 8 }}>
        Floor state captured {formatDateTime(evidence.capturedAt, true)}
      </p>
      {evidence.rows.length === 0 ? (
        <p className="muted">No evidence rows.</p>
      ) : (
        <Table stack caption="Evidence: the order's needs against the floor">
          <colgroup>
            <col style={{ width: '28%' }} />
            <col style={{ width: '28%' }} />
            <col style={{ width: '28%' }} />
            <col style={{ width: '16%' }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">Order needs</th>
              <th scope="col">Floor has</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {evidence.rows.map((row, i) => (
              <tr key={`${row.label}-${i}`} className={row.ok ? undefined : 'evidence-row--bad'} data-testid="evidence-row">
                <td data-label="Check">
                  <strong>{row.label}</strong>
                </td>
                <td data-label="Order needs">{row.required}</td>
                <td data-label="Floor has">{row.floor}</td>
                <td data-label="Result">
                  {row.ok ? (
                    <span className="ok-cell ok-cell--ok">
                      <Icon name="check" /> OK
                    </span>
                  ) : (
                    <span className="ok-cell ok-cell--bad">
                      <Icon name="cross" /> Not OK
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {features.length > 0 ? (
        <details style={{ marginTop: 10 }}>
          <summary>Model inputs ({features.length})</summary>
          <dl className="kv-grid">
            {features.map(([name, value]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>{Number.isInteger(value) ? value : value.toFixed(3)}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
    </div>
  );
}

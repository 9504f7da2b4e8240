'use client';

import { Table } from '@/components/ui/table';

/**
 * Rows are what happened, columns what the model said (confusion[true][predicted]),
 * with each row's share so a rare class's misses are visible next to its count.
 */
export function ConfusionMatrix({ confusion, actual, predicted, caption }: { confusion: number[][]; actual: string[]; predicted: string[]; caption: string }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <th scope="col">Actual ↓ · predicted →</th>
          {predicted.map((name) => (
            <th scope="col" key={name}>
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody data-testid="confusion-matrix">
        {confusion.map((row, i) => {
          const total = row.reduce((a, b) => a + b, 0);
          return (
            <tr key={actual[i] ?? i}>
              <th scope="row">{actual[i] ?? `class ${i}`}</th>
              {row.map((count, j) => (
                <td key={j} className="mono" style={i === j ? { fontWeight: 600 } : undefined}>
                  {count.toLocaleString('en')}
                  {total > 0 ? <span className="muted small"> ({Math.round((count / total) * 100)} %)</span> : null}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'green' | 'teal' | 'amber' | 'red' | 'blue';

export function Badge({
  tone = 'neutral',
  children,
  title,
  testId,
  value,
}: {
  tone?: BadgeTone;
  children: ReactNode;
  title?: string;
  testId?: string;
  /** The raw code behind the label, for tests and Perspective scripts that read the DOM. */
  value?: string;
}) {
  return (
    <span className={`badge badge--${tone}`} title={title} data-testid={testId} data-value={value}>
      {children}
    </span>
  );
}

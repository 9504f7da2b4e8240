import type { ReactNode } from 'react';

export type AlertTone = 'info' | 'success' | 'warning' | 'error';

export function Alert({
  tone = 'info',
  children,
  action,
  testId,
}: {
  tone?: AlertTone;
  children: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  // Errors interrupt (assertive); everything else waits its turn for a screen reader.
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <div className="alert__body">{children}</div>
      {action}
    </div>
  );
}

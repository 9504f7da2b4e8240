import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty__title">{title}</p>
      {children ? <div>{children}</div> : null}
      {action}
    </div>
  );
}

/** A failed load, with the reason and a way to try again without reloading the iframe. */
export function ErrorState({ title = 'Could not load this', message, onRetry, retrying = false }: { title?: string; message: string; onRetry?: () => void; retrying?: boolean }) {
  return (
    <div className="empty" role="alert">
      <p className="empty__title">{title}</p>
      <p>{message}</p>
      {onRetry ? (
        <Button variant="primary" onClick={onRetry} busy={retrying}>
          Retry
        </Button>
      ) : null}
    </div>
  );
}

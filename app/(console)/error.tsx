'use client';

import { useEffect } from 'react';
import { ErrorState } from '@/components/ui/empty-state';

// A render error in one page keeps the top bar, so the person can navigate away inside the iframe.
export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="page">
      <div className="card">
        <ErrorState title="Something went wrong on this page" message="Try again, or go back to the inbox." onRetry={retry} />
      </div>
    </div>
  );
}

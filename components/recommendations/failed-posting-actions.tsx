'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/form-error';
import { useResolvePosting } from '@/components/recommendations/recommendation-queries';
import { ApiError } from '@/lib/http/api-client';

/** A failed posting waits for a person: retry (reads the ERP back first) or abandon with a reason. */
export function FailedPostingActions({ recommendationId, postingId }: { recommendationId: string; postingId: string }) {
  const resolve = useResolvePosting(recommendationId);
  const [abandoning, setAbandoning] = useState(false);
  const [reason, setReason] = useState('');
  const error = resolve.error instanceof ApiError ? (resolve.error.fieldErrors?.reason?.[0] ?? resolve.error.message) : resolve.error ? 'Something went wrong; try again.' : null;
  return (
    <div className="posting__actions" data-testid="failed-posting-actions">
      <p className="muted small">The ERP did not take this action. Fix the cause in the ERP, then retry — Interlock reads the ERP back first, so it never posts twice — or abandon it.</p>
      {abandoning ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            resolve.mutate({ postingId, action: 'abandon', reason });
          }}
        >
          <label className="field">
            <span className="field__label">Why abandon it?</span>
            <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} autoFocus required data-testid="abandon-reason" />
          </label>
          <div className="row">
            <Button variant="danger" type="submit" busy={resolve.isPending} data-testid="abandon-confirm">
              Abandon posting
            </Button>
            <Button onClick={() => setAbandoning(false)}>Cancel</Button>
          </div>
        </form>
      ) : (
        <div className="row">
          <Button variant="primary" busy={resolve.isPending} onClick={() => resolve.mutate({ postingId, action: 'retry' })} data-testid="retry-posting">
            Retry posting
          </Button>
          <Button onClick={() => setAbandoning(true)} data-testid="abandon-posting">
            Abandon…
          </Button>
        </div>
      )}
      <FormError message={error} />
    </div>
  );
}

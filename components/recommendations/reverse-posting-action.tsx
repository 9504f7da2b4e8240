'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/form-error';
import { useReversePosting } from '@/components/recommendations/recommendation-queries';
import { ApiError } from '@/lib/http/api-client';

/** Reverse a posted goods movement: a signed decision (reason + password), posted through the outbox. */
export function ReversePostingAction({ recommendationId, postingId, document }: { recommendationId: string; postingId: string; document: string | null }) {
  const reverse = useReversePosting(recommendationId);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  const fieldErrors = reverse.error instanceof ApiError ? reverse.error.fieldErrors : undefined;
  const error = reverse.error instanceof ApiError && !fieldErrors ? reverse.error.message : reverse.error && !(reverse.error instanceof ApiError) ? 'Something went wrong; try again.' : null;
  if (!open) {
    return (
      <div className="posting__actions">
        <Button onClick={() => setOpen(true)} data-testid="reverse-posting">
          Reverse document…
        </Button>
      </div>
    );
  }
  return (
    <form
      className="posting__actions"
      onSubmit={(e) => {
        e.preventDefault();
        reverse.mutate({ postingId, reason, password }, { onSuccess: () => setOpen(false) });
      }}
    >
      <p className="small">
        Reversing cancels material document <strong className="mono">{document}</strong> in the ERP. Your password signs it: <em>Reverse: cancel material document {document}</em>.
      </p>
      <label className="field">
        <span className="field__label">Reason</span>
        <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} required autoFocus data-testid="reverse-reason" aria-invalid={!!fieldErrors?.reason} />
        {fieldErrors?.reason ? <span className="field__error">{fieldErrors.reason[0]}</span> : null}
      </label>
      <label className="field">
        <span className="field__label">Password (signature)</span>
        <input className="input" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="current-password" data-testid="reverse-password" aria-invalid={!!fieldErrors?.password} />
        {fieldErrors?.password ? <span className="field__error">{fieldErrors.password[0]}</span> : null}
      </label>
      <div className="row">
        <Button variant="danger" type="submit" busy={reverse.isPending} data-testid="reverse-confirm">
          Sign and reverse
        </Button>
        <Button onClick={() => setOpen(false)}>Cancel</Button>
      </div>
      <FormError message={error} />
    </form>
  );
}

'use client';

import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogFooter } from '@/components/ui/dialog';
import { formatDateTime } from '@/components/ui/format';
import { useNow } from '@/components/ui/time';
import { useCurrentUser } from '@/components/layout/current-user';
import { signatureMeaning } from '@/lib/recommendations/signature-meaning';
import { isApiError } from '@/lib/http/api-client';
import type { DecisionOutcome, RecommendationDetail } from '@/lib/recommendations/types';

const VERB = { APPROVE: 'approve', REJECT: 'reject', HOLD: 'hold' } as const;
const CONFIRM_VARIANT = { APPROVE: 'approve', REJECT: 'danger', HOLD: 'hold' } as const;

export interface SignatureInput {
  comment: string;
  password: string;
}

/**
 * The electronic signature (21 CFR Part 11): the signer re-enters the password
 * and sees their name, the meaning of the signature and the time it is made.
 */
export function SignatureDialog({
  outcome,
  rec,
  onClose,
  onSign,
  busy,
}: {
  /** Open with this outcome; null closes. */
  outcome: DecisionOutcome | null;
  rec: RecommendationDetail;
  onClose: () => void;
  /** Sends the decision; rejects with the server's error, which the form shows. */
  onSign: (input: SignatureInput) => Promise<void>;
  busy: boolean;
}) {
  return (
    <Dialog
      open={outcome !== null}
      onClose={() => {
        // Closing mid-request would hide the answer to a signature already sent.
        if (!busy) onClose();
      }}
      title={outcome ? `Sign to ${VERB[outcome]}` : ''}
      testId="signature-dialog"
    >
      {outcome ? <SignatureForm outcome={outcome} rec={rec} onClose={onClose} onSign={onSign} busy={busy} /> : null}
    </Dialog>
  );
}

function SignatureForm({
  outcome,
  rec,
  onClose,
  onSign,
  busy,
}: {
  outcome: DecisionOutcome;
  rec: RecommendationDetail;
  onClose: () => void;
  onSign: (input: SignatureInput) => Promise<void>;
  busy: boolean;
}) {
  const user = useCurrentUser();
  const now = useNow(1_000);
  const [comment, setComment] = useState('');
  const [password, setPassword] = useState('');
  const [localError, setLocalError] = useState<{ field: 'comment' | 'password'; message: string } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const ids = { password: useId(), comment: useId(), passwordError: useId(), commentError: useId() };

  const commentRequired = outcome === 'REJECT';
  const serverPasswordError = isApiError(error) ? error.fieldError('password') : undefined;
  const serverCommentError = isApiError(error) ? error.fieldError('comment') : undefined;
  const passwordError = localError?.field === 'password' ? localError.message : serverPasswordError;
  const commentError = localError?.field === 'comment' ? localError.message : serverCommentError;
  // Field errors show beside their field; anything else (403, network, 500) at the top.
  const formError = error && !serverPasswordError && !serverCommentError ? error.message : null;

  const orderId = rec.order?.erpOrderId ?? rec.id;
  const meaning = signatureMeaning(outcome, orderId, rec.proposedAction);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    if (commentRequired && !comment.trim()) {
      setLocalError({ field: 'comment', message: 'Give the reason for rejecting' });
      commentRef.current?.focus();
      return;
    }
    if (!password) {
      setLocalError({ field: 'password', message: 'Enter your password to sign' });
      passwordRef.current?.focus();
      return;
    }
    setLocalError(null);
    setError(null);
    try {
      await onSign({ comment: comment.trim(), password });
    } catch (err) {
      const e = err instanceof Error ? err : new Error('The signature could not be recorded');
      setError(e);
      if (isApiError(e) && e.fieldError('password')) {
        // A wrong password is typed again, not edited: clear it and put the cursor back.
        setPassword('');
        passwordRef.current?.focus();
      } else if (isApiError(e) && e.fieldError('comment')) {
        commentRef.current?.focus();
      }
    }
  }

  function onCommentKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter signs, as everywhere in the dialog; Shift+Enter still makes a new line.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      e.currentTarget.form?.requestSubmit();
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <DialogBody>
        <dl className="signature-box" data-testid="signature-details">
          <dt>Signer</dt>
          <dd data-testid="signature-signer">
            {user.name} <span className="muted small">({user.email})</span>
          </dd>
          <dt>Meaning</dt>
          <dd data-testid="signature-meaning">{meaning}</dd>
          <dt>Time</dt>
          <dd>
            <time dateTime={new Date(now).toISOString()}>{formatDateTime(new Date(now).toISOString(), true)}</time>
            <span className="muted small"> — recorded by the server when you sign</span>
          </dd>
        </dl>

        {formError ? <Alert tone="error">{formError}</Alert> : null}

        <div className="field">
          <label className="field__label" htmlFor={ids.comment}>
            {commentRequired ? 'Reason (required)' : 'Comment (optional)'}
          </label>
          <textarea
            id={ids.comment}
            ref={commentRef}
            className="textarea"
            value={comment}
            maxLength={2000}
            onChange={(e) => {
              setComment(e.target.value);
              if (localError?.field === 'comment') setLocalError(null);
              if (serverCommentError) setError(null);
            }}
            onKeyDown={onCommentKeyDown}
            required={commentRequired}
            aria-required={commentRequired}
            aria-invalid={commentError ? true : undefined}
            aria-describedby={commentError ? ids.commentError : undefined}
            placeholder={commentRequired ? 'Why should this not be done?' : undefined}
            data-testid="signature-comment"
          />
          {commentError ? (
            <span id={ids.commentError} className="field__error" role="alert">
              {commentError}
            </span>
          ) : null}
        </div>

        <div className="field">
          <label className="field__label" htmlFor={ids.password}>
            Password
          </label>
          <input
            id={ids.password}
            ref={passwordRef}
            className="input"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              if (localError?.field === 'password') setLocalError(null);
              if (serverPasswordError) setError(null);
            }}
            required
            aria-invalid={passwordError ? true : undefined}
            aria-describedby={passwordError ? ids.passwordError : undefined}
            data-autofocus
            data-testid="signature-password"
          />
          {passwordError ? (
            <span id={ids.passwordError} className="field__error" role="alert">
              {passwordError}
            </span>
          ) : (
            <span className="field__hint">Re-entering your password is your electronic signature.</span>
          )}
        </div>
      </DialogBody>
      <DialogFooter>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button type="submit" variant={CONFIRM_VARIANT[outcome]} busy={busy} data-testid="signature-confirm">
          Sign and {VERB[outcome]}
        </Button>
      </DialogFooter>
    </form>
  );
}

'use client';

import { useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button, type ButtonVariant } from '@/components/ui/button';
import { Dialog, DialogBody, DialogFooter } from '@/components/ui/dialog';
import { SignaturePasswordField } from '@/components/signature-password-field';
import { useCurrentUser } from '@/components/layout/current-user';
import { isApiError } from '@/lib/http/api-client';

export interface SignedActionInput {
  text: string;
  password: string;
}

export interface SignedActionSpec {
  title: string;
  /** What confirming will do, in plain words. */
  summary: ReactNode;
  /** The free-text field and the API field its errors come back under. */
  text: { field: 'reason' | 'comment'; label: string; required: boolean; placeholder?: string; maxLength: number };
  /** Re-enter the password: an electronic signature. */
  sign: boolean;
  confirmLabel: string;
  /** What the dismiss button says ("Cancel" unless that would read as cancelling the request). */
  dismissLabel?: string;
  variant: ButtonVariant;
  onSubmit: (input: SignedActionInput) => Promise<unknown>;
}

/**
 * The one form behind the console's governed actions (asking for, approving,
 * rejecting and cancelling a policy change or a model promotion, a rollback):
 * a reason or comment and, for signed ones, the password. Errors about its own
 * fields show under them (the server's too), anything else at the top. Esc and
 * the dismiss button close it unless a request is on its way; Enter sends.
 * `testIdPrefix` names its parts for tests: <prefix>-text, -password,
 * -confirm, -dismiss and -summary.
 */
export function SignedActionDialog({ spec, onClose, testId, testIdPrefix }: { spec: SignedActionSpec | null; onClose: () => void; testId: string; testIdPrefix: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <Dialog
      open={spec !== null}
      onClose={() => {
        if (!busy) onClose();
      }}
      title={spec?.title ?? ''}
      testId={testId}
    >
      {spec ? <SignedActionForm spec={spec} onClose={onClose} busy={busy} setBusy={setBusy} prefix={testIdPrefix} /> : null}
    </Dialog>
  );
}

function SignedActionForm({ spec, onClose, busy, setBusy, prefix }: { spec: SignedActionSpec; onClose: () => void; busy: boolean; setBusy: (b: boolean) => void; prefix: string }) {
  const user = useCurrentUser();
  const [text, setText] = useState('');
  const [password, setPassword] = useState('');
  const [localError, setLocalError] = useState<{ field: 'text' | 'password'; message: string } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const ids = { text: useId(), password: useId(), textError: useId(), passwordError: useId() };

  const serverTextError = isApiError(error) ? error.fieldError(spec.text.field) : undefined;
  const serverPasswordError = isApiError(error) ? error.fieldError('password') : undefined;
  const textError = localError?.field === 'text' ? localError.message : serverTextError;
  const passwordError = localError?.field === 'password' ? localError.message : serverPasswordError;
  // Field errors about values this form does not show (a threshold, "nothing to change") read as one message.
  const otherFieldErrors = isApiError(error) && error.fieldErrors ? Object.entries(error.fieldErrors).filter(([k]) => k !== spec.text.field && k !== 'password').flatMap(([, v]) => v) : [];
  const formError = error && !serverTextError && !serverPasswordError ? (otherFieldErrors.length > 0 ? otherFieldErrors.join(' ') : error.message) : null;
  // The first thing to type: a required text, else the password when signing.
  const focusText = spec.text.required || !spec.sign;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    if (spec.text.required && !text.trim()) {
      setLocalError({ field: 'text', message: `${spec.text.label} is required` });
      textRef.current?.focus();
      return;
    }
    if (spec.sign && !password) {
      setLocalError({ field: 'password', message: 'Enter your password to sign' });
      passwordRef.current?.focus();
      return;
    }
    setLocalError(null);
    setError(null);
    setBusy(true);
    try {
      await spec.onSubmit({ text: text.trim(), password });
      setBusy(false);
      onClose();
    } catch (err) {
      setBusy(false);
      const failure = err instanceof Error ? err : new Error('The request failed');
      setError(failure);
      if (isApiError(failure) && failure.fieldError('password')) {
        setPassword('');
        passwordRef.current?.focus();
      } else if (isApiError(failure) && failure.fieldError(spec.text.field)) {
        textRef.current?.focus();
      }
    }
  }

  function onTextKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter sends, as in the console's other dialogs; Shift+Enter makes a new line.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      e.currentTarget.form?.requestSubmit();
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <DialogBody>
        <div data-testid={`${prefix}-summary`}>{spec.summary}</div>
        {spec.sign ? (
          <dl className="signature-box">
            <dt>Signer</dt>
            <dd>
              {user.name} <span className="muted small">({user.email})</span>
            </dd>
            <dt>Meaning</dt>
            <dd>{spec.title}</dd>
          </dl>
        ) : null}
        {formError ? <Alert tone="error">{formError}</Alert> : null}

        <div className="field">
          <label className="field__label" htmlFor={ids.text}>
            {spec.text.label}
            {spec.text.required ? ' (required)' : ' (optional)'}
          </label>
          <textarea
            id={ids.text}
            ref={textRef}
            className="textarea"
            value={text}
            maxLength={spec.text.maxLength}
            onChange={(e) => {
              setText(e.target.value);
              if (localError?.field === 'text') setLocalError(null);
              if (serverTextError) setError(null);
            }}
            onKeyDown={onTextKeyDown}
            required={spec.text.required}
            aria-required={spec.text.required}
            aria-invalid={textError ? true : undefined}
            aria-describedby={textError ? ids.textError : undefined}
            placeholder={spec.text.placeholder}
            data-autofocus={focusText ? true : undefined}
            data-testid={`${prefix}-text`}
          />
          {textError ? (
            <span id={ids.textError} className="field__error" role="alert">
              {textError}
            </span>
          ) : null}
        </div>

        {spec.sign ? (
          <SignaturePasswordField
            id={ids.password}
            errorId={ids.passwordError}
            ref={passwordRef}
            value={password}
            onChange={(value) => {
              setPassword(value);
              if (localError?.field === 'password') setLocalError(null);
              if (serverPasswordError) setError(null);
            }}
            error={passwordError}
            autoFocus={!focusText}
            testId={`${prefix}-password`}
          />
        ) : null}
      </DialogBody>
      <DialogFooter>
        <Button variant="ghost" onClick={onClose} disabled={busy} data-testid={`${prefix}-dismiss`}>
          {spec.dismissLabel ?? 'Cancel'}
        </Button>
        <Button type="submit" variant={spec.variant} busy={busy} data-testid={`${prefix}-confirm`}>
          {spec.confirmLabel}
        </Button>
      </DialogFooter>
    </form>
  );
}

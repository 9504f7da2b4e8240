'use client';

import type { Ref } from 'react';

/**
 * The password that makes a decision an electronic signature, shared by the
 * console's signing dialogs. Its error replaces the hint and is announced; the
 * dialog owns the value, the ids and where the focus goes.
 */
export function SignaturePasswordField({ id, errorId, ref, value, onChange, error, autoFocus, testId }: {
  id: string;
  errorId: string;
  ref: Ref<HTMLInputElement>;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  /** Whether the dialog opens with the cursor here. */
  autoFocus: boolean;
  testId: string;
}) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        Password
      </label>
      <input
        id={id}
        ref={ref}
        className="input"
        type="password"
        autoComplete="current-password"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        data-autofocus={autoFocus ? true : undefined}
        data-testid={testId}
      />
      {error ? (
        <span id={errorId} className="field__error" role="alert">
          {error}
        </span>
      ) : (
        <span className="field__hint">Re-entering your password is your electronic signature.</span>
      )}
    </div>
  );
}

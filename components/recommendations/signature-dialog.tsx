'use client';

import { useId, useRef, useState, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogFooter } from '@/components/ui/dialog';
import { formatDateTime } from '@/components/ui/format';
import { useNow } from '@/components/ui/time';
import { useCurrentUser } from '@/components/layout/current-user';
import { SignaturePasswordField } from '@/components/signature-password-field';
import { VERDICT } from '@/components/recommendations/labels';
import { signatureMeaning } from '@/lib/recommendations/signature-meaning';
import { checkDecisionDetails, FEASIBILITY_VERDICTS, isCommentRequired, type DecisionEdit, type FieldErrors } from '@/lib/recommendations/decision-edit.schema';
import { reasonCodesFor } from '@/lib/recommendations/reason-codes';
import { isApiError } from '@/lib/http/api-client';
import type { DecisionOutcome, FeasibilityVerdict, RecommendationDetail } from '@/lib/recommendations/types';

const VERB = { APPROVE: 'approve', REJECT: 'reject', HOLD: 'hold' } as const;
const CONFIRM_VARIANT = { APPROVE: 'approve', REJECT: 'danger', HOLD: 'hold' } as const;

export interface SignatureInput {
  comment: string;
  password: string;
  reasonCode: string | null;
  /** The person's correction of the AI's assessment; null when none. */
  edit: DecisionEdit | null;
}

/** The fields in the order a person meets them: the first with an error gets the focus. */
const FIELD_ORDER = ['reasonCode', 'comment', 'edit.verdict', 'edit.earliestStart', 'edit', 'password'] as const;
type Field = (typeof FIELD_ORDER)[number];
/** Types whose assessment a person can correct (decision-edit.schema.ts). */
const CORRECTABLE_TYPES = new Set(['ORDER_RELEASE']);

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
  const [reasonCode, setReasonCode] = useState('');
  const [verdict, setVerdict] = useState<FeasibilityVerdict | ''>('');
  const [holdUntil, setHoldUntil] = useState('');
  const [correcting, setCorrecting] = useState(false);
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<Error | null>(null);
  const reasonRef = useRef<HTMLSelectElement>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const verdictRef = useRef<HTMLSelectElement>(null);
  const holdUntilRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  // Read only in event handlers: the field that takes the focus for an error.
  const refOf = (field: Field): RefObject<HTMLElement | null> =>
    ({ reasonCode: reasonRef, comment: commentRef, 'edit.verdict': verdictRef, 'edit.earliestStart': holdUntilRef, edit: verdictRef, password: passwordRef })[field];
  const baseId = useId();
  const idOf = (field: Field, part = '') => `${baseId}-${field.replace('.', '-')}${part}`;

  const reasons = reasonCodesFor(rec.type, outcome);
  const correctable = CORRECTABLE_TYPES.has(rec.type);
  const commentRequired = isCommentRequired(outcome, reasonCode || null);
  const serverErrors = isApiError(error) ? (error.fieldErrors ?? {}) : {};
  const fieldError = (field: Field): string | undefined => localErrors[field]?.[0] ?? serverErrors[field]?.[0];
  const knownFieldError = FIELD_ORDER.some((f) => serverErrors[f]?.length);
  // Field errors show beside their field; anything else (403, network, 500) at the top.
  const formError = error && !knownFieldError ? error.message : null;

  const orderId = rec.order?.erpOrderId ?? rec.id;
  const meaning = signatureMeaning(outcome, orderId, rec.proposedAction);

  function clearError(field: Field) {
    if (localErrors[field]) {
      setLocalErrors((errors) => {
        const rest = { ...errors };
        delete rest[field];
        return rest;
      });
    }
    if (serverErrors[field]) setError(null);
  }

  function focusFirst(errors: FieldErrors) {
    const first = FIELD_ORDER.find((f) => errors[f]?.length);
    if (!first) return;
    if (first.startsWith('edit')) setCorrecting(true);
    // The correction section may have just opened: focus after it renders.
    requestAnimationFrame(() => refOf(first).current?.focus());
  }

  function editInput(): { edit: Record<string, string> | null; errors: FieldErrors } {
    const edit: Record<string, string> = {};
    const errors: FieldErrors = {};
    if (verdict) edit.verdict = verdict;
    if (outcome === 'HOLD' && holdUntil) {
      // datetime-local is the person's local time, without a zone.
      const at = new Date(holdUntil);
      if (Number.isNaN(at.getTime())) errors['edit.earliestStart'] = ['Enter a date and time'];
      else edit.earliestStart = at.toISOString();
    }
    return { edit: Object.keys(edit).length ? edit : null, errors };
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    const { edit, errors } = editInput();
    // The server's own rules, run here first so the person sees every problem at once.
    const checked = checkDecisionDetails({
      decisionType: rec.type,
      outcome,
      aiAction: rec.recommendedAction,
      comment: comment.trim() || null,
      reasonCode: reasonCode || null,
      edit,
      now: new Date(),
    });
    const all: FieldErrors = { ...(checked.ok ? {} : checked.fieldErrors), ...errors };
    if (!password) all.password = ['Enter your password to sign'];
    if (Object.keys(all).length > 0 || !checked.ok) {
      setLocalErrors(all);
      focusFirst(all);
      return;
    }
    setLocalErrors({});
    setError(null);
    try {
      await onSign({ comment: comment.trim(), password, reasonCode: checked.reasonCode, edit: checked.edit });
    } catch (err) {
      const e = err instanceof Error ? err : new Error('The signature could not be recorded');
      setError(e);
      if (isApiError(e) && e.fieldError('password')) {
        // A wrong password is typed again, not edited: clear it and put the cursor back.
        setPassword('');
        passwordRef.current?.focus();
      } else if (isApiError(e) && e.fieldErrors) {
        focusFirst(e.fieldErrors);
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

  const invalid = (field: Field) => (fieldError(field) ? { 'aria-invalid': true as const, 'aria-describedby': idOf(field, '-error') } : {});
  const errorText = (field: Field, testId?: string) => {
    const message = fieldError(field);
    return message ? (
      <span id={idOf(field, '-error')} className="field__error" role="alert" data-testid={testId}>
        {message}
      </span>
    ) : null;
  };
  const editError = fieldError('edit');
  const minHoldUntil = toLocalInputValue(new Date(now + 60_000));

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

        {reasons.length > 0 ? (
          <div className="field">
            <label className="field__label" htmlFor={idOf('reasonCode')}>
              Reason {outcome === 'REJECT' ? '(a reason or a comment is required)' : '(optional)'}
            </label>
            <select
              id={idOf('reasonCode')}
              ref={reasonRef}
              className="select"
              value={reasonCode}
              onChange={(e) => {
                setReasonCode(e.target.value);
                clearError('reasonCode');
                clearError('comment');
              }}
              {...invalid('reasonCode')}
              data-testid="signature-reason"
            >
              <option value="">— No reason given —</option>
              {reasons.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.label}
                </option>
              ))}
            </select>
            {errorText('reasonCode')}
          </div>
        ) : null}

        <div className="field">
          <label className="field__label" htmlFor={idOf('comment')}>
            {commentRequired ? 'Comment (required)' : 'Comment (optional)'}
          </label>
          <textarea
            id={idOf('comment')}
            ref={commentRef}
            className="textarea"
            value={comment}
            maxLength={2000}
            onChange={(e) => {
              setComment(e.target.value);
              clearError('comment');
            }}
            onKeyDown={onCommentKeyDown}
            required={commentRequired}
            aria-required={commentRequired}
            {...invalid('comment')}
            placeholder={commentRequired ? (reasonCode === 'OTHER' ? 'Say why' : 'Why should this not be done?') : undefined}
            data-testid="signature-comment"
          />
          {errorText('comment')}
        </div>

        {correctable ? (
          <details
            className="field"
            open={correcting}
            onToggle={(e) => setCorrecting(e.currentTarget.open)}
            data-testid="correct-assessment"
          >
            <summary>Correct the assessment (optional)</summary>
            <div className="dialog__body" style={{ padding: '8px 0 0' }}>
              <p className="muted small">
                The AI said <strong>{VERDICT[rec.verdict]?.label ?? rec.verdict}</strong>. Your correction is kept with this decision and teaches the next model.
              </p>
              <div className="field">
                <label className="field__label" htmlFor={idOf('edit.verdict')}>
                  Your verdict
                </label>
                <select
                  id={idOf('edit.verdict')}
                  ref={verdictRef}
                  className="select"
                  value={verdict}
                  onChange={(e) => {
                    setVerdict(e.target.value as FeasibilityVerdict | '');
                    clearError('edit.verdict');
                    clearError('edit');
                  }}
                  {...invalid('edit.verdict')}
                  data-testid="signature-verdict"
                >
                  <option value="">— Keep the AI&apos;s verdict —</option>
                  {FEASIBILITY_VERDICTS.map((v) => (
                    <option key={v} value={v}>
                      {VERDICT[v].label}
                    </option>
                  ))}
                </select>
                {errorText('edit.verdict')}
              </div>
              {outcome === 'HOLD' ? (
                <div className="field">
                  <label className="field__label" htmlFor={idOf('edit.earliestStart')}>
                    Hold until (optional)
                  </label>
                  <input
                    id={idOf('edit.earliestStart')}
                    ref={holdUntilRef}
                    className="input"
                    type="datetime-local"
                    min={minHoldUntil}
                    value={holdUntil}
                    onChange={(e) => {
                      setHoldUntil(e.target.value);
                      clearError('edit.earliestStart');
                    }}
                    {...invalid('edit.earliestStart')}
                    data-testid="signature-hold-until"
                  />
                  {fieldError('edit.earliestStart') ? (
                    errorText('edit.earliestStart')
                  ) : (
                    <span className="field__hint">
                      Your time, not the AI&apos;s{rec.earliestStart ? ` (${formatDateTime(rec.earliestStart)})` : ''}, becomes the order&apos;s earliest start.
                    </span>
                  )}
                </div>
              ) : null}
              {editError ? (
                <span className="field__error" role="alert">
                  {editError}
                </span>
              ) : null}
            </div>
          </details>
        ) : null}

        <SignaturePasswordField
          id={idOf('password')}
          errorId={idOf('password', '-error')}
          ref={passwordRef}
          value={password}
          onChange={(value) => {
            setPassword(value);
            clearError('password');
          }}
          error={fieldError('password')}
          autoFocus
          testId="signature-password"
        />
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

/** A date as a datetime-local input shows it: the person's local time, to the minute. */
function toLocalInputValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

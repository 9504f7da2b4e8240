'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { isApiError } from '@/lib/http/api-client';
import { useRequestCheck, type LineOption } from '@/components/recommendations/recommendation-queries';

/** Lets a supervisor ask for a check of an order the ERP has not pushed yet (or asked again). */
export function CheckOrderForm({ lines }: { lines: LineOption[] }) {
  const router = useRouter();
  const request = useRequestCheck();
  const sites = Array.from(new Set(lines.map((l) => l.siteId))).sort();
  const [site, setSite] = useState('');
  const [order, setOrder] = useState('');
  const [error, setError] = useState<{ field: 'siteId' | 'erpOrderId' | 'form'; message: string } | null>(null);
  const siteInputId = useId();
  const orderInputId = useId();
  const errorId = useId();

  // With one site (the usual plant set-up) there is nothing to choose.
  const siteId = site || (sites.length === 1 ? sites[0] : '');

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const erpOrderId = order.trim();
    if (!siteId) return setError({ field: 'siteId', message: 'Choose the site' });
    if (!erpOrderId) return setError({ field: 'erpOrderId', message: 'Enter the order number' });
    setError(null);
    request.mutate(
      { siteId, erpOrderId },
      {
        onSuccess: ({ id }) => router.push(`/recommendations/${id}`),
        onError: (err) => {
          if (isApiError(err) && err.status === 404) {
            setError({ field: 'erpOrderId', message: `Order ${erpOrderId} is not known at site ${siteId}` });
          } else if (isApiError(err) && err.fieldErrors) {
            const field = err.fieldError('siteId') ? 'siteId' : err.fieldError('erpOrderId') ? 'erpOrderId' : 'form';
            setError({ field, message: err.fieldError(field) ?? err.message });
          } else {
            setError({ field: 'form', message: err.message });
          }
        },
      },
    );
  }

  return (
    <section className="card" aria-label="Check an order">
      <form className="check-order" onSubmit={onSubmit} noValidate data-testid="check-order-form">
        <div className="field" style={{ flexBasis: '100%', maxWidth: 'none' }}>
          <h2>Check an order</h2>
          <span className="field__hint">Score an order against the floor now; you will be taken to its recommendation.</span>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={siteInputId}>
            Site
          </label>
          {sites.length > 0 ? (
            <select
              id={siteInputId}
              className="select"
              value={siteId}
              onChange={(e) => setSite(e.target.value)}
              aria-invalid={error?.field === 'siteId' || undefined}
              aria-describedby={error?.field === 'siteId' ? errorId : undefined}
            >
              {sites.length > 1 ? <option value="">Choose…</option> : null}
              {sites.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={siteInputId}
              className="input"
              value={site}
              onChange={(e) => setSite(e.target.value)}
              placeholder="e.g. 1710"
              aria-invalid={error?.field === 'siteId' || undefined}
              aria-describedby={error?.field === 'siteId' ? errorId : undefined}
            />
          )}
        </div>
        <div className="field">
          <label className="field__label" htmlFor={orderInputId}>
            Order number
          </label>
          <input
            id={orderInputId}
            className="input mono"
            value={order}
            onChange={(e) => setOrder(e.target.value)}
            placeholder="e.g. 1000123"
            autoComplete="off"
            aria-invalid={error?.field === 'erpOrderId' || undefined}
            aria-describedby={error?.field === 'erpOrderId' ? errorId : undefined}
            data-testid="check-order-number"
          />
        </div>
        <Button type="submit" variant="primary" busy={request.isPending} data-testid="check-order-submit">
          Check order
        </Button>
        {error ? (
          <p id={errorId} className="field__error" role="alert" style={{ flexBasis: '100%' }}>
            {error.message}
          </p>
        ) : null}
      </form>
    </section>
  );
}

// Fault injection for the SAP simulator: the failures a connector must
// survive on a real system (slow answers, throttling, outages, connections
// dropped before or after the commit, expired CSRF tokens, locked orders, and
// documents that stay unreadable for a while after their create). They apply
// to every service the simulator serves, OData and SOAP alike.
import { z } from 'zod';

export const faultRequestSchema = z
  .object({
    /** Delay before every OData answer, in ms. */
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    /** Which requests the latency applies to: reads (GET/HEAD), changes, or any (default). */
    latencyOn: z.enum(['any', 'read', 'change']).optional(),
    /** The next `count` OData requests fail with `status` (before authentication, like a web dispatcher). */
    failNext: z
      .object({
        count: z.number().int().min(1),
        status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
        retryAfter: z.number().int().min(0).optional(),
        /** Which requests: reads (GET/HEAD), changes, or any (default). */
        on: z.enum(['any', 'read', 'change']).optional(),
      })
      .optional(),
    /** The next `count` change requests lose their connection, before or after the work is committed. */
    resetNext: z.object({ count: z.number().int().min(1), when: z.enum(['before-commit', 'after-commit']) }).optional(),
    /** Expire every CSRF token issued so far, on every service root. */
    expireCsrf: z.boolean().optional(),
    /** Revoke every OAuth token issued so far (the next call gets 401 and must fetch a new one). */
    expireTokens: z.boolean().optional(),
    /** Lock an order (status LKD): releasing it fails with a business error. */
    lockOrder: z.string().min(1).optional(),
    unlockOrder: z.string().min(1).optional(),
    /** Hand out CSRF tokens only on the service root without a trailing slash (some on-prem systems differ). */
    csrfOnlyWithoutSlash: z.boolean().optional(),
    /** New documents answer 404 (and are missing from collections) for this many ms after their create. */
    slowReadBackMs: z.number().int().min(0).max(120_000).optional(),
    /** Attach this `sap-message` header to the next successful change answer. */
    sapMessageNext: z.object({ code: z.string(), message: z.string(), severity: z.enum(['success', 'info', 'warning', 'error']) }).optional(),
  })
  .strict();

export type FaultRequest = z.infer<typeof faultRequestSchema>;

export interface InjectedFailure {
  status: number;
  retryAfter?: number;
}

export interface FaultSnapshot {
  latencyMs: number;
  latencyOn: 'any' | 'read' | 'change';
  failNext: { remaining: number; status: number; retryAfter?: number; on: 'any' | 'read' | 'change' } | null;
  resetNext: { remaining: number; when: 'before-commit' | 'after-commit' } | null;
  csrfOnlyWithoutSlash: boolean;
  sapMessageNext: FaultRequest['sapMessageNext'] | null;
  slowReadBackMs: number;
}

function initial(): FaultSnapshot {
  return { latencyMs: 0, latencyOn: 'any', failNext: null, resetNext: null, csrfOnlyWithoutSlash: false, sapMessageNext: null, slowReadBackMs: 0 };
}

export class SapSimFaults {
  private current: FaultSnapshot = initial();

  /**
   * Applies the settings that live in the fault store; expireCsrf and the lock
   * flags act on sessions and state, so the caller handles them.
   */
  set(request: FaultRequest): void {
    if (request.latencyMs !== undefined) this.current.latencyMs = request.latencyMs;
    if (request.latencyOn !== undefined) this.current.latencyOn = request.latencyOn;
    if (request.failNext) {
      const { count, status, retryAfter, on } = request.failNext;
      this.current.failNext = { remaining: count, status, retryAfter, on: on ?? 'any' };
    }
    if (request.resetNext) this.current.resetNext = { remaining: request.resetNext.count, when: request.resetNext.when };
    if (request.csrfOnlyWithoutSlash !== undefined) this.current.csrfOnlyWithoutSlash = request.csrfOnlyWithoutSlash;
    if (request.sapMessageNext) this.current.sapMessageNext = request.sapMessageNext;
    if (request.slowReadBackMs !== undefined) this.current.slowReadBackMs = request.slowReadBackMs;
  }

  get slowReadBackMs(): number {
    return this.current.slowReadBackMs;
  }

  latencyFor(isChange: boolean): number {
    const { latencyMs, latencyOn } = this.current;
    if ((latencyOn === 'read' && isChange) || (latencyOn === 'change' && !isChange)) return 0;
    return latencyMs;
  }

  get csrfOnlyWithoutSlash(): boolean {
    return this.current.csrfOnlyWithoutSlash;
  }

  takeFailure(isChange: boolean): InjectedFailure | null {
    const fail = this.current.failNext;
    if (!fail) return null;
    if ((fail.on === 'read' && isChange) || (fail.on === 'change' && !isChange)) return null;
    fail.remaining -= 1;
    if (fail.remaining <= 0) this.current.failNext = null;
    return { status: fail.status, retryAfter: fail.retryAfter };
  }

  takeReset(): 'before-commit' | 'after-commit' | null {
    const reset = this.current.resetNext;
    if (!reset) return null;
    reset.remaining -= 1;
    if (reset.remaining <= 0) this.current.resetNext = null;
    return reset.when;
  }

  takeSapMessage(): FaultSnapshot['sapMessageNext'] {
    const message = this.current.sapMessageNext;
    this.current.sapMessageNext = null;
    return message;
  }

  snapshot(): FaultSnapshot {
    return structuredClone(this.current);
  }

  clear(): void {
    this.current = initial();
  }
}

// What the SAP and Oracle control clients share: JSON calls to a simulator's
// /_sim control API (loopback only), and the endpoints both simulators have
// with the same shape. Vendor endpoints live in the subclasses.
import type { FaultSnapshot } from './sap-sim-faults';

export abstract class SimControlClient {
  /** label names the simulator in error messages, e.g. "simulator" or "Oracle simulator". */
  constructor(
    private readonly baseUrl: string,
    private readonly label: string,
  ) {}

  protected async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${this.label} ${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  setPeriods(periods: { close?: string[]; open?: string[] }): Promise<{ closed: string[] }> {
    return this.call('POST', '/_sim/periods', periods);
  }

  clearFaults(): Promise<FaultSnapshot> {
    return this.call('DELETE', '/_sim/faults');
  }

  reset(): Promise<{ reset: true }> {
    return this.call('POST', '/_sim/reset');
  }
}

// A SOAP 1.1 client for SAP's synchronous inbound services (/sap/bc/srt/...).
// Same auth, timeout and concurrency cap as the OData clients of the system;
// no CSRF token (SOAP endpoints do not ask for one, PROTOCOL-NOTES §2.2).
import { ErpError } from '@/lib/erp/connector';
import type { ErpAuth } from '@/lib/erp/http/erp-auth';
import type { Semaphore } from '@/lib/erp/http/semaphore';
import { genericHttpError, sendOnce, type RawResponse } from '@/lib/erp/http/transport';

export interface SoapClientOptions {
  /** Absolute endpoint URL, e.g. https://host/sap/bc/srt/scs_ext/sap/journalentrycreaterequestconfi. */
  endpoint: string;
  client: string;
  auth: ErpAuth;
  limiter: Semaphore;
  timeoutMs: number;
  fetch: typeof fetch;
}

export class SoapClient {
  readonly endpoint: string;
  private readonly client: string;
  readonly #auth: ErpAuth;

  constructor(private readonly options: SoapClientOptions) {
    this.endpoint = options.endpoint;
    this.client = options.client;
    this.#auth = options.auth;
  }

  /**
   * Sends an envelope. Returns 200 and 500 answers (a 500 carries the SOAP
   * fault, which the caller reads); other statuses become ErpErrors.
   */
  async call(action: string, envelope: string, label: string): Promise<RawResponse> {
    const url = `${this.endpoint}?sap-client=${encodeURIComponent(this.client)}`;
    const send = async () =>
      sendOnce({
        method: 'POST',
        url,
        headers: {
          Authorization: await this.#auth.header(),
          'Content-Type': 'text/xml;charset=UTF-8',
          Accept: 'text/xml',
          SOAPAction: `"${action}"`,
        },
        body: envelope,
        label: `SAP SOAP ${label}`,
        limiter: this.options.limiter,
        timeoutMs: this.options.timeoutMs,
        fetch: this.options.fetch,
      });
    const raw = await this.#auth.sendRefreshingOnce(send);
    if (raw.status === 200 || (raw.status === 500 && /Fault/.test(raw.text))) return raw;
    const generic = genericHttpError(raw, 'POST', `SAP SOAP ${label}`, `HTTP ${raw.status}`, []);
    if (generic) throw generic;
    if (raw.status === 404) throw new ErpError('PROTOCOL', `SAP SOAP ${label}: nothing answers at ${this.endpoint} (404); check the endpoint and the service activation (SOAMANAGER)`, { status: 404 });
    throw new ErpError('PROTOCOL', `SAP SOAP ${label}: unexpected HTTP ${raw.status}`, { status: raw.status });
  }
}

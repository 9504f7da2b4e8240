// Journal entries in the simulator: the synchronous SOAP service
// JournalEntryCreateRequestConfirmation_In (the body is checked against the
// WSDL's element names, order and lengths; business errors answer HTTP 200
// with AccountingDocument 0000000000 and log items, malformed requests a SOAP
// fault with HTTP 500) and an OData read-back service over the posted items.
import type { IncomingMessage } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { contractFile } from '@/lib/erp/contracts-dir';
import { JOURNAL_NAMESPACE, NO_DOCUMENT, SOAP_ENVELOPE_NAMESPACE, type SapJournalReadBackConfig } from '@/lib/erp/sap/journal-entry-soap';
import { formatODataDate } from '@/lib/erp/sap/odata-values';
import { checkXmlElement, parseWsdl, type WsdlModel } from '@/lib/erp/sap/wsdl-reader';
import { child, children, escapeXml, parseXml, textAt, XmlParseError, type XmlElement } from '@/lib/erp/sap/xml';
import type { SapSimFaults } from './sap-sim-faults';
import type { SapSimLedger, SimFailure, SimJournalEntry } from './sap-sim-ledger';
import { builtInModel, type SimModel } from './sap-sim-model';
import type { EntitySetHandler, SimEntity } from './sap-sim-routes';
import type { SapSimState } from './sap-sim-state';
import type { SimAuth } from './sim-auth';
import { headerValue, type Reply } from './sap-sim-http';

export function loadJournalWsdl(): WsdlModel | null {
  const file = contractFile('sap', 'soap', 'JournalEntryCreateRequestConfirmation_In.wsdl');
  return file && existsSync(file) ? parseWsdl(readFileSync(file, 'utf8')) : null;
}

export function journalReadBackModel(config: SapJournalReadBackConfig): SimModel {
  const namespace = config.servicePath.split('/').filter(Boolean).pop() ?? 'API_OPLACCTGDOCITEMCUBE_SRV';
  return builtInModel(
    namespace,
    [
      {
        name: config.entityType,
        key: [config.companyCodeField, config.yearField, config.documentField, 'AccountingDocumentItem'],
        properties: [
          [config.companyCodeField, 'Edm.String', 'MaxLength="4"'],
          [config.yearField, 'Edm.String', 'MaxLength="4"'],
          [config.documentField, 'Edm.String', 'MaxLength="10"'],
          ['AccountingDocumentItem', 'Edm.String', 'MaxLength="3"'],
          [config.headerTextField, 'Edm.String', 'MaxLength="25"'],
          ['DocumentReferenceID', 'Edm.String', 'MaxLength="16"'],
          ['PostingDate', 'Edm.DateTime', 'Precision="0"'],
          ['GLAccount', 'Edm.String', 'MaxLength="10"'],
          ['DebitCreditCode', 'Edm.String', 'MaxLength="1"'],
          ['TransactionCurrency', 'Edm.String', 'MaxLength="5"'],
          ['AmountInTransactionCurrency', 'Edm.Decimal', 'Precision="23" Scale="2"'],
          ['CostCenter', 'Edm.String', 'MaxLength="10"'],
        ],
        navigations: [],
      },
    ],
    'Interlock SAP simulator: journal entry items for read-back by header text (names from the adapter configuration) [verify]',
  );
}

function failure(status: number, code: string, message: string): SimFailure {
  return { status, code, message, details: [{ code, message }] };
}

export function journalReadBackEntitySets(ledger: SapSimLedger, config: SapJournalReadBackConfig, faults: SapSimFaults, now: () => Date): Record<string, EntitySetHandler> {
  const items = (entry: SimJournalEntry): SimEntity[] =>
    entry.lines.map((line, index) => ({
      values: {
        [config.companyCodeField]: entry.companyCode,
        [config.yearField]: entry.fiscalYear,
        [config.documentField]: entry.number,
        AccountingDocumentItem: String(index + 1).padStart(3, '0'),
        [config.headerTextField]: entry.headerText,
        DocumentReferenceID: entry.referenceId,
        PostingDate: formatODataDate(new Date(`${entry.postingDate}T00:00:00Z`)),
        GLAccount: line.glAccount,
        DebitCreditCode: line.debitCredit,
        TransactionCurrency: entry.currency,
        AmountInTransactionCurrency: line.amount.toFixed(2),
        CostCenter: line.costCenter,
      },
    }));
  const visible = (e: SimJournalEntry) => now().getTime() - Date.parse(e.createdAt) >= faults.slowReadBackMs;
  return {
    [config.entitySet]: {
      list: () => ledger.listJournalEntries().filter(visible).flatMap(items),
      find: (key) => {
        const entry = ledger.listJournalEntries().find((e) => e.companyCode === key[config.companyCodeField] && e.fiscalYear === key[config.yearField] && e.number === key[config.documentField]);
        return entry && visible(entry) ? items(entry).find((i) => i.values.AccountingDocumentItem === key.AccountingDocumentItem) : undefined;
      },
      notFound: (key) => failure(404, 'F5/155', `Document ${key[config.documentField]} does not exist`),
    },
  };
}

// ───────────────────────── SOAP ─────────────────────────

function soapFault(reply: Reply, code: 'soap-env:Client' | 'soap-env:Server', text: string): void {
  reply.send(
    500,
    { 'content-type': 'text/xml; charset=utf-8' },
    `<soap-env:Envelope xmlns:soap-env="${SOAP_ENVELOPE_NAMESPACE}"><soap-env:Header/><soap-env:Body><soap-env:Fault><faultcode>${code}</faultcode><faultstring xml:lang="en">${escapeXml(text)}</faultstring><detail/></soap-env:Fault></soap-env:Body></soap-env:Envelope>`,
  );
}

interface LogItem {
  typeId: string;
  severity: '1' | '2' | '3';
  note: string;
}

function confirmationEnvelope(messageId: string, requestId: string, result: { document: string; companyCode: string; fiscalYear: string }, log: LogItem[]): string {
  const created = `${new Date().toISOString().slice(0, 19)}Z`;
  const max = log.reduce((m, l) => (l.severity > m ? l.severity : m), '1' as LogItem['severity']);
  const items = log.map((l) => `<Item><TypeID>${escapeXml(l.typeId)}</TypeID><SeverityCode>${l.severity}</SeverityCode><Note>${escapeXml(l.note.slice(0, 200))}</Note></Item>`).join('');
  const logXml = `<Log><BusinessDocumentProcessingResultCode>${max === '3' ? '5' : '3'}</BusinessDocumentProcessingResultCode><MaximumLogItemSeverityCode>${max}</MaximumLogItemSeverityCode>${items}</Log>`;
  return [
    `<soap-env:Envelope xmlns:soap-env="${SOAP_ENVELOPE_NAMESPACE}"><soap-env:Header/><soap-env:Body>`,
    `<n0:JournalEntryBulkCreateConfirmation xmlns:n0="${JOURNAL_NAMESPACE}">`,
    `<MessageHeader><ID>${escapeXml(messageId)}</ID><CreationDateTime>${created}</CreationDateTime></MessageHeader>`,
    `<ConfirmationInterfaceOrignName>JournalEntryCreateConfirmation</ConfirmationInterfaceOrignName>`,
    `<JournalEntryCreateConfirmation><MessageHeader><ReferenceID>${escapeXml(requestId)}</ReferenceID><CreationDateTime>${created}</CreationDateTime></MessageHeader>`,
    `<JournalEntryCreateConfirmation><AccountingDocument>${result.document}</AccountingDocument><CompanyCode>${escapeXml(result.companyCode)}</CompanyCode><FiscalYear>${result.fiscalYear}</FiscalYear></JournalEntryCreateConfirmation>`,
    logXml,
    `</JournalEntryCreateConfirmation>`,
    `<Log><BusinessDocumentProcessingResultCode>${max === '3' ? '5' : '3'}</BusinessDocumentProcessingResultCode><MaximumLogItemSeverityCode>${max}</MaximumLogItemSeverityCode></Log>`,
    `</n0:JournalEntryBulkCreateConfirmation></soap-env:Body></soap-env:Envelope>`,
  ].join('');
}

export interface JournalSoapContext {
  state: SapSimState;
  faults: SapSimFaults;
  auth: SimAuth;
  client: string;
  wsdl: WsdlModel | null;
  user: string;
}

/** POST to the SOAP endpoint: logon, the injected reset, a schema check, then the posting. */
export function handleJournalSoap(req: IncomingMessage, url: URL, body: string, ctx: JournalSoapContext, reply: Reply): void {
  const { state } = ctx;
  const user = ctx.auth.authenticate(req);
  const client = url.searchParams.get('sap-client');
  if (!user || (client !== null && client !== ctx.client)) {
    state.count('auth-rejected');
    reply.send(401, { 'www-authenticate': 'Basic realm="SAP NetWeaver Application Server"', 'content-type': 'text/html' }, '<html><body>401 Unauthorized</body></html>');
    return;
  }
  if ((req.method ?? 'GET').toUpperCase() !== 'POST') {
    reply.send(405, { allow: 'POST', 'content-type': 'text/plain' }, 'Only POST is supported for this SOAP endpoint');
    return;
  }
  const reset = ctx.faults.takeReset();
  if (reset === 'before-commit') {
    state.count('fault-reset');
    reply.drop();
    return;
  }
  if (reset === 'after-commit') {
    state.count('fault-reset');
    reply.dropInsteadOfAnswer = true;
  }
  state.count('soap:journal');
  if (!/text\/xml|application\/soap\+xml/i.test(headerValue(req, 'content-type') ?? '')) {
    soapFault(reply, 'soap-env:Client', 'Content-Type must be text/xml');
    return;
  }
  let root: XmlElement;
  try {
    root = parseXml(body);
  } catch (error) {
    soapFault(reply, 'soap-env:Client', `The request is not well-formed XML: ${error instanceof XmlParseError ? error.message : 'parse error'}`);
    return;
  }
  const request = root.name === 'Envelope' ? child(child(root, 'Body'), 'JournalEntryBulkCreateRequest') : undefined;
  if (!request) {
    soapFault(reply, 'soap-env:Client', 'The SOAP body holds no JournalEntryBulkCreateRequest');
    return;
  }
  if (ctx.wsdl) {
    const problems = checkXmlElement(ctx.wsdl, ctx.wsdl.elements.get('JournalEntryBulkCreateRequest') ?? 'JournalEntryCreateRequestBulkMessage', request);
    if (problems.length > 0) {
      state.count('contract-violation');
      soapFault(reply, 'soap-env:Client', `Schema violation: ${problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`).join('; ')}`);
      return;
    }
  }
  const messageId = textAt(request, 'MessageHeader/ID');
  const entryRequest = children(request, 'JournalEntryCreateRequest')[0];
  const entry = child(entryRequest, 'JournalEntry');
  const requestId = textAt(entryRequest, 'MessageHeader/ID');
  const companyCode = textAt(entry, 'CompanyCode');
  const lines = children(entry, 'Item').map((item, index) => {
    const amount = Number(textAt(item, 'AmountInTransactionCurrency'));
    return {
      item: textAt(item, 'ReferenceDocumentItem') || String(index + 1),
      glAccount: textAt(item, 'GLAccount'),
      amount,
      debitCredit: (textAt(item, 'DebitCreditCode') || (amount >= 0 ? 'S' : 'H')) as 'S' | 'H',
      costCenter: textAt(item, 'AccountAssignment/CostCenter'),
      profitCenter: textAt(item, 'AccountAssignment/ProfitCenter'),
      order: textAt(item, 'AccountAssignment/OrderID'),
      text: textAt(item, 'DocumentItemText'),
    };
  });
  const currency = child(children(entry, 'Item')[0], 'AmountInTransactionCurrency')?.attributes.currencyCode ?? '';
  const posted = ctx.state.ledger.postJournalEntry({
    companyCode,
    headerText: textAt(entry, 'DocumentHeaderText'),
    referenceId: textAt(entry, 'DocumentReferenceID'),
    currency,
    documentDate: textAt(entry, 'DocumentDate'),
    postingDate: textAt(entry, 'PostingDate'),
    lines,
  });
  const headers = { 'content-type': 'text/xml; charset=utf-8' };
  if (!posted.ok) {
    // Business errors: HTTP 200, no document, the reason in the log.
    const [number, id] = posted.failure.code.split('/').reverse();
    const log: LogItem[] = [{ typeId: `${number}(${id})`, severity: '3', note: posted.failure.message }];
    reply.send(200, headers, confirmationEnvelope(messageId, requestId, { document: NO_DOCUMENT, companyCode, fiscalYear: '0000' }, log));
    return;
  }
  const log: LogItem[] = [{ typeId: '614(RW)', severity: '1', note: `Document posted successfully: BKPFF ${posted.value.number}${companyCode}${posted.value.fiscalYear}` }];
  reply.send(200, headers, confirmationEnvelope(messageId, requestId, { document: posted.value.number, companyCode, fiscalYear: posted.value.fiscalYear }, log));
}

// JournalEntryCreateRequestConfirmation_In (synchronous SOAP, PROTOCOL-NOTES
// §2.10): the request envelope built from a domain journal entry with the
// WSDL's element names in the WSDL's order, and the confirmation read back
// into a document number or the business errors SAP logged. Business errors
// arrive as HTTP 200 with AccountingDocument 0000000000; faults as HTTP 500.
import type { ErpMessage } from '@/lib/erp/connector';
import type { JournalEntryRequest } from '@/lib/erp/erp-requests.schema';
import { fixedDecimal } from '@/lib/erp/request-guards';
import { toSeverity } from './odata-errors';
import { child, children, parseXml, serializeXml, textAt, type XmlElement, type XmlNode } from './xml';

export const JOURNAL_SOAP_PATH = '/sap/bc/srt/scs_ext/sap/journalentrycreaterequestconfi';
export const JOURNAL_SOAP_ACTION = 'http://sap.com/xi/SAPSCORE/SFIN/JournalEntryCreateRequestConfirmation_In/JournalEntryCreateRequestConfirmation_InRequest';
export const JOURNAL_NAMESPACE = 'http://sap.com/xi/SAPSCORE/SFIN';
export const SOAP_ENVELOPE_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';
export const JOURNAL_REQUEST_ELEMENT = 'JournalEntryBulkCreateRequest';
export const JOURNAL_CONFIRMATION_ELEMENT = 'JournalEntryBulkCreateConfirmation';
/** What SAP writes into AccountingDocument when nothing was posted. */
export const NO_DOCUMENT = '0000000000';

export interface SapJournalConfig {
  /** Document header values that are customizing on the tenant [verify per tenant]. */
  originalReferenceDocumentType: string;
  businessTransactionType: string;
  accountingDocumentType: string;
  /** CreatedByUser (12 characters): the communication user. */
  createdByUser: string;
}

export const DEFAULT_JOURNAL_CONFIG: SapJournalConfig = {
  originalReferenceDocumentType: 'BKPFF',
  businessTransactionType: 'RFBU',
  accountingDocumentType: 'SA',
  createdByUser: 'INTERLOCK',
};

/** DocumentReferenceID is 16 characters in the WSDL: our reference goes there only when it fits. */
const DOCUMENT_REFERENCE_ID_MAX = 16;

const leaf = (name: string, text: string | undefined): XmlNode | undefined => (text === undefined || text === '' ? undefined : { name, text });

export function buildJournalEntryEnvelope(entry: JournalEntryRequest, reference: string, companyCode: string, config: SapJournalConfig, now: Date = new Date()): string {
  const created = `${now.toISOString().slice(0, 19)}Z`;
  const header = (id: string): XmlNode => ({ name: 'MessageHeader', children: [leaf('ID', id), leaf('CreationDateTime', created)] });
  const items: XmlNode[] = entry.lines.map((line, index) => {
    const amount = fixedDecimal(line.amount, 2, 'Amount');
    const assignment: (XmlNode | undefined)[] = [leaf('OrderID', line.order), leaf('ProfitCenter', line.profitCenter), leaf('CostCenter', line.costCenter)];
    return {
      name: 'Item',
      children: [
        leaf('ReferenceDocumentItem', String(index + 1)),
        leaf('GLAccount', line.glAccount),
        // Signed: credits are negative, with DebitCreditCode H.
        { name: 'AmountInTransactionCurrency', attributes: { currencyCode: entry.currency }, text: line.side === 'CREDIT' ? `-${amount}` : amount },
        leaf('DebitCreditCode', line.side === 'DEBIT' ? 'S' : 'H'),
        leaf('DocumentItemText', line.text),
        leaf('Material', line.material),
        assignment.some(Boolean) ? { name: 'AccountAssignment', children: assignment } : undefined,
      ],
    };
  });
  const journalEntry: XmlNode = {
    name: 'JournalEntry',
    children: [
      leaf('OriginalReferenceDocumentType', config.originalReferenceDocumentType),
      leaf('BusinessTransactionType', config.businessTransactionType),
      leaf('AccountingDocumentType', config.accountingDocumentType),
      leaf('DocumentReferenceID', reference.length <= DOCUMENT_REFERENCE_ID_MAX ? reference : undefined),
      // The header text (25 characters) carries our reference; the read-back filters on it.
      leaf('DocumentHeaderText', reference),
      leaf('CreatedByUser', config.createdByUser.slice(0, 12)),
      leaf('CompanyCode', companyCode),
      leaf('DocumentDate', entry.documentDate),
      leaf('PostingDate', entry.postingDate),
      ...items,
    ],
  };
  const body: XmlNode = {
    name: `sfin:${JOURNAL_REQUEST_ELEMENT}`,
    children: [header(reference), { name: 'JournalEntryCreateRequest', children: [header(`${reference}-1`), journalEntry] }],
  };
  const envelope = serializeXml({
    name: 'soapenv:Envelope',
    attributes: { 'xmlns:soapenv': SOAP_ENVELOPE_NAMESPACE, 'xmlns:sfin': JOURNAL_NAMESPACE },
    children: [{ name: 'soapenv:Header', children: [] }, { name: 'soapenv:Body', children: [body] }],
  });
  return `<?xml version="1.0" encoding="UTF-8"?>${envelope}`;
}

/** The element inside soap Body, or null when the document is not a SOAP envelope. */
export function soapBodyContent(xml: string): XmlElement | null {
  const root = parseXml(xml);
  if (root.name !== 'Envelope') return null;
  return child(root, 'Body')?.children[0] ?? null;
}

export type JournalOutcome =
  | { kind: 'posted'; document: string; companyCode: string; fiscalYear: string; messages: ErpMessage[] }
  | { kind: 'rejected'; messages: ErpMessage[] }
  | { kind: 'fault'; code: string; text: string };

/** ESM severity codes: 1 information, 2 warning, 3 error, 4 abort [verify codes]. */
function severityOf(code: string): ErpMessage['severity'] {
  if (code === '1') return 'info';
  if (code === '2') return 'warning';
  if (code === '3' || code === '4') return 'error';
  return toSeverity(code);
}

/** "201(F5)" → "F5/201", SAP's message id and number the way OData writes them. */
function messageCode(typeId: string): string {
  const match = /^(\d{3})\(([^)]+)\)$/.exec(typeId.trim());
  return match ? `${match[2]}/${match[1]}` : typeId.trim();
}

function logMessages(log: XmlElement | undefined): ErpMessage[] {
  return children(log, 'Item').map((item) => ({
    severity: severityOf(textAt(item, 'SeverityCode')),
    code: messageCode(textAt(item, 'TypeID')),
    text: textAt(item, 'Note'),
  }));
}

/** Reads the confirmation (or fault) SAP answered. Throws XmlParseError on anything that is not XML. */
export function parseJournalEntryResponse(xml: string): JournalOutcome | null {
  const content = soapBodyContent(xml);
  if (!content) return null;
  if (content.name === 'Fault') {
    return { kind: 'fault', code: textAt(content, 'faultcode'), text: textAt(content, 'faultstring') };
  }
  if (content.name !== JOURNAL_CONFIRMATION_ELEMENT) return null;
  const confirmation = children(content, 'JournalEntryCreateConfirmation')[0];
  const messages = [...logMessages(child(confirmation, 'Log')), ...logMessages(child(content, 'Log'))];
  const posted = child(confirmation, 'JournalEntryCreateConfirmation');
  const document = textAt(posted, 'AccountingDocument');
  const maximum = textAt(child(confirmation, 'Log'), 'MaximumLogItemSeverityCode') || textAt(child(content, 'Log'), 'MaximumLogItemSeverityCode');
  // A zero document or an error-level log means nothing was posted, whatever the HTTP status said.
  if (!document || /^0+$/.test(document) || maximum === '3' || maximum === '4') return { kind: 'rejected', messages };
  return { kind: 'posted', document, companyCode: textAt(posted, 'CompanyCode'), fiscalYear: textAt(posted, 'FiscalYear'), messages };
}

/**
 * Where a posted journal entry is read back by its header text. The 2020
 * contract of API_JOURNALENTRYITEMBASIC_SRV has neither the document number
 * nor the header text, so the read-back uses the operational journal entry
 * item cube by default; every name here is [verify] and configurable.
 */
export interface SapJournalReadBackConfig {
  servicePath: string;
  entitySet: string;
  entityType: string;
  headerTextField: string;
  documentField: string;
  yearField: string;
  companyCodeField: string;
}

export const DEFAULT_JOURNAL_READ_BACK: SapJournalReadBackConfig = {
  servicePath: '/sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV',
  entitySet: 'A_OperationalAcctgDocItemCube',
  entityType: 'A_OperationalAcctgDocItemCubeType',
  headerTextField: 'AccountingDocumentHeaderText',
  documentField: 'AccountingDocument',
  yearField: 'FiscalYear',
  companyCodeField: 'CompanyCode',
};

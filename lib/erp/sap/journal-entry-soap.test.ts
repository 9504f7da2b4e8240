import { describe, expect, it } from 'vitest';
import { DEFAULT_JOURNAL_CONFIG, buildJournalEntryEnvelope, parseJournalEntryResponse, soapBodyContent } from './journal-entry-soap';
import { textAt } from './xml';

const envelope = (inner: string) => `<?xml version="1.0"?><soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Body>${inner}</soap-env:Body></soap-env:Envelope>`;
const confirmation = (document: string, log: string) =>
  envelope(
    `<n0:JournalEntryBulkCreateConfirmation xmlns:n0="http://sap.com/xi/SAPSCORE/SFIN"><MessageHeader><CreationDateTime>2026-06-01T08:00:00Z</CreationDateTime></MessageHeader><JournalEntryCreateConfirmation><MessageHeader><CreationDateTime>2026-06-01T08:00:00Z</CreationDateTime></MessageHeader><JournalEntryCreateConfirmation><AccountingDocument>${document}</AccountingDocument><CompanyCode>1710</CompanyCode><FiscalYear>2026</FiscalYear></JournalEntryCreateConfirmation>${log}</JournalEntryCreateConfirmation></n0:JournalEntryBulkCreateConfirmation>`,
  );

describe('parseJournalEntryResponse', () => {
  it('reads a posted entry with its log', () => {
    const outcome = parseJournalEntryResponse(confirmation('0100000007', '<Log><MaximumLogItemSeverityCode>1</MaximumLogItemSeverityCode><Item><TypeID>614(RW)</TypeID><SeverityCode>1</SeverityCode><Note>Document posted</Note></Item></Log>'));
    expect(outcome).toEqual({ kind: 'posted', document: '0100000007', companyCode: '1710', fiscalYear: '2026', messages: [{ severity: 'info', code: 'RW/614', text: 'Document posted' }] });
  });

  it('reads AccountingDocument 0000000000 inside a 200 as a refusal with SAP’s messages', () => {
    const outcome = parseJournalEntryResponse(confirmation('0000000000', '<Log><MaximumLogItemSeverityCode>3</MaximumLogItemSeverityCode><Item><TypeID>702(F5)</TypeID><SeverityCode>3</SeverityCode><Note>Balance in transaction currency</Note></Item></Log>'));
    expect(outcome).toEqual({ kind: 'rejected', messages: [{ severity: 'error', code: 'F5/702', text: 'Balance in transaction currency' }] });
  });

  it('reads a SOAP fault, and returns null for what is not a confirmation', () => {
    expect(parseJournalEntryResponse(envelope('<soap-env:Fault><faultcode>soap-env:Server</faultcode><faultstring>Internal error</faultstring></soap-env:Fault>'))).toEqual({ kind: 'fault', code: 'soap-env:Server', text: 'Internal error' });
    expect(parseJournalEntryResponse(envelope('<Other/>'))).toBeNull();
    expect(parseJournalEntryResponse('<html><body>gateway</body></html>')).toBeNull();
  });
});

describe('buildJournalEntryEnvelope', () => {
  it('signs credits negative with H, escapes text, and puts the reference into the header text', () => {
    const xml = buildJournalEntryEnvelope(
      { currency: 'USD', documentDate: '2026-06-01', postingDate: '2026-06-02', lines: [{ glAccount: '1', side: 'DEBIT', amount: 5, text: 'A & B <c>' }, { glAccount: '2', side: 'CREDIT', amount: 5 }] },
      'IL0123456789ABCDEFGHIJ',
      '1710',
      DEFAULT_JOURNAL_CONFIG,
    );
    expect(xml).toContain('A &amp; B &lt;c&gt;');
    const body = soapBodyContent(xml);
    const entry = body?.children[1].children[1];
    expect(textAt(entry, 'DocumentHeaderText')).toBe('IL0123456789ABCDEFGHIJ');
    // 22 characters do not fit DocumentReferenceID (16): left out rather than cut.
    expect(textAt(entry, 'DocumentReferenceID')).toBe('');
    const items = entry?.children.filter((c) => c.name === 'Item') ?? [];
    expect(items.map((i) => [textAt(i, 'AmountInTransactionCurrency'), textAt(i, 'DebitCreditCode')])).toEqual([
      ['5.00', 'S'],
      ['-5.00', 'H'],
    ]);
    expect(items[0].children.find((c) => c.name === 'AmountInTransactionCurrency')?.attributes.currencyCode).toBe('USD');
  });
});

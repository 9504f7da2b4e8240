import { describe, expect, it } from 'vitest';
import { errorMessages, parseSapError, parseSapMessageHeader, primaryErrorText } from './odata-errors';

// The example payload of PROTOCOL-NOTES §2.5.
const MATERIAL_DOCUMENT_ERROR = JSON.stringify({
  error: {
    code: 'MM_IM_ODATA_API_MDOC/014',
    message: { lang: 'en', value: 'Material Document processing failed' },
    innererror: {
      errordetails: [
        { code: 'M7/021', message: 'Deficit of SL Unrestricted-use 10 KG : RM-100 1710 171A', propertyref: '', severity: 'error', target: '', transition: false },
        { code: 'MM_IM_ODATA_API_MDOC/014', message: 'Material Document processing failed', propertyref: '', severity: 'error', target: '', transition: false },
      ],
    },
  },
});

describe('parseSapError', () => {
  it('takes the cause from errordetails, not the generic wrapper', () => {
    const info = parseSapError(MATERIAL_DOCUMENT_ERROR);
    expect(info).not.toBeNull();
    expect(primaryErrorText(info!)).toBe('Deficit of SL Unrestricted-use 10 KG : RM-100 1710 171A');
    expect(errorMessages(info!).map((m) => m.code)).toEqual(['M7/021', 'MM_IM_ODATA_API_MDOC/014']);
  });

  it('reads message as an array of {lang,value}', () => {
    const info = parseSapError(JSON.stringify({ error: { code: 'X/1', message: [{ lang: 'de', value: 'Fehler' }, { lang: 'en', value: 'Failure' }] } }));
    expect(info?.message).toBe('Failure');
    expect(primaryErrorText(info!)).toBe('Failure');
  });

  it('reads message as a bare string', () => {
    expect(parseSapError(JSON.stringify({ error: { code: 'X/1', message: 'Plain' } }))?.message).toBe('Plain');
  });

  it('reads the XML form', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?><error xmlns="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"><code>CO/123</code><message xml:lang="en">Order &amp; is locked</message><innererror><errordetails><errordetail><code>CO/124</code><message>Locked by PLANNER01</message><severity>error</severity></errordetail></errordetails></innererror></error>`;
    const info = parseSapError(xml);
    expect(info).toEqual({ code: 'CO/123', message: 'Order & is locked', details: [{ code: 'CO/124', text: 'Locked by PLANNER01', severity: 'error' }] });
  });

  it.each(['', 'CSRF token validation failed', '<html><body>404</body></html>', '{"d":{}}', '{broken'])('is null for %j', (body) => {
    expect(parseSapError(body)).toBeNull();
  });
});

describe('parseSapMessageHeader', () => {
  it('reads the message and its details with severities', () => {
    const header = JSON.stringify({
      code: 'CO/100',
      message: 'Order released with warnings',
      severity: 'warning',
      target: '',
      details: [{ code: 'CO/101', message: 'Missing parts', severity: 'info' }],
    });
    expect(parseSapMessageHeader(header)).toEqual([
      { code: 'CO/100', text: 'Order released with warnings', severity: 'warning' },
      { code: 'CO/101', text: 'Missing parts', severity: 'info' },
    ]);
  });

  it('keeps an unreadable header as an info text and ignores an absent one', () => {
    expect(parseSapMessageHeader('not json')).toEqual([{ code: '', text: 'not json', severity: 'info' }]);
    expect(parseSapMessageHeader(null)).toEqual([]);
  });
});

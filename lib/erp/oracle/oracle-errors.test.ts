import { describe, expect, it } from 'vitest';
import { parseOracleError } from './oracle-errors';

describe('parseOracleError', () => {
  it('reads application/vnd.oracle.adf.error+json with error details and paths', () => {
    const body = JSON.stringify({ title: 'Bad Request', status: '400', 'o:errorDetails': [{ detail: 'The attribute Foo is not valid.', 'o:errorCode': '27501', 'o:errorPath': '/Foo' }] });
    expect(parseOracleError(body, 'application/vnd.oracle.adf.error+json')).toEqual({
      text: 'The attribute Foo is not valid. (at /Foo)',
      messages: [{ severity: 'error', code: '27501', text: 'The attribute Foo is not valid. (at /Foo)' }],
      format: 'adf-json',
    });
  });

  it('reads a text/plain body of framework 1-3', () => {
    expect(parseOracleError('Invalid operation create for the specified resource.', 'text/plain')).toMatchObject({ text: 'Invalid operation create for the specified resource.', format: 'text' });
  });

  it('does not mistake an HTML error page for an Oracle message', () => {
    expect(parseOracleError('<html><body>502</body></html>', 'text/html').format).toBe('none');
  });
});

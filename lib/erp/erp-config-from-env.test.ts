import { describe, expect, it } from 'vitest';
import { getEnv } from '@/lib/env';
import { erpConfigFromEnv } from './erp-config-from-env';

const base = getEnv();

describe('erpConfigFromEnv', () => {
  it('configures SAP with Basic by default and OAuth2 when asked, naming what is missing', () => {
    const sap = erpConfigFromEnv('SAP', { ...base, SAP_AUTH: 'basic' });
    expect(sap).toMatchObject({ system: 'SAP', baseUrl: base.SAP_BASE_URL, client: base.SAP_CLIENT, auth: undefined });
    expect(() => erpConfigFromEnv('SAP', { ...base, SAP_AUTH: 'oauth2', SAP_OAUTH_TOKEN_URL: undefined, SAP_OAUTH_CLIENT_ID: 'id', SAP_OAUTH_CLIENT_SECRET: undefined })).toThrow(
      'SAP_AUTH=oauth2 needs SAP_OAUTH_TOKEN_URL, SAP_OAUTH_CLIENT_SECRET',
    );
    const oauth = erpConfigFromEnv('SAP', { ...base, SAP_AUTH: 'oauth2', SAP_OAUTH_TOKEN_URL: 'https://t/oauth/token', SAP_OAUTH_CLIENT_ID: 'id', SAP_OAUTH_CLIENT_SECRET: 'secret' });
    expect(oauth.auth).toEqual({ kind: 'oauth2-client-credentials', tokenUrl: 'https://t/oauth/token', clientId: 'id', clientSecret: 'secret', scope: undefined });
  });

  it('configures Oracle with Basic, bearer or OAuth2 and the journal settings', () => {
    expect(erpConfigFromEnv('ORACLE', { ...base, ORACLE_AUTH: 'basic' })).toMatchObject({ system: 'ORACLE', baseUrl: base.ORACLE_BASE_URL, user: base.ORACLE_USER, auth: undefined });
    expect(() => erpConfigFromEnv('ORACLE', { ...base, ORACLE_AUTH: 'bearer', ORACLE_TOKEN: undefined })).toThrow('ORACLE_AUTH=bearer needs ORACLE_TOKEN');
    const oracle = erpConfigFromEnv('ORACLE', { ...base, ORACLE_AUTH: 'bearer', ORACLE_TOKEN: 'tok', ORACLE_LEDGER_ID: '42', ORACLE_REST_FRAMEWORK_VERSION: '2' });
    expect(oracle).toMatchObject({ auth: { kind: 'bearer', token: 'tok' } });
    expect(oracle.system === 'ORACLE' && oracle.oracle).toMatchObject({ restFrameworkVersion: '2', journals: { ledgerId: '42' } });
  });
});

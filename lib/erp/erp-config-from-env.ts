// The connector configuration of each ERP system, from the validated
// environment. Pure: get-site-connector.ts decides which system a site uses.
import type { Env } from '@/lib/env';
import type { ErpConfig } from './create-erp-connector';
import type { ErpAuthConfig } from './http/erp-auth';

function oauth(prefix: 'SAP' | 'ORACLE', values: { url?: string; id?: string; secret?: string; scope?: string }): ErpAuthConfig {
  const missing = [
    ['TOKEN_URL', values.url],
    ['CLIENT_ID', values.id],
    ['CLIENT_SECRET', values.secret],
  ]
    .filter(([, v]) => !v)
    .map(([name]) => `${prefix}_OAUTH_${name}`);
  if (missing.length > 0) throw new Error(`${prefix}_AUTH=oauth2 needs ${missing.join(', ')}`);
  return { kind: 'oauth2-client-credentials', tokenUrl: values.url as string, clientId: values.id as string, clientSecret: values.secret as string, scope: values.scope };
}

export function erpConfigFromEnv(system: 'SAP' | 'ORACLE', env: Env): ErpConfig {
  if (system === 'SAP') {
    return {
      system: 'SAP',
      baseUrl: env.SAP_BASE_URL,
      user: env.SAP_USER,
      password: env.SAP_PASSWORD,
      auth:
        env.SAP_AUTH === 'oauth2'
          ? oauth('SAP', { url: env.SAP_OAUTH_TOKEN_URL, id: env.SAP_OAUTH_CLIENT_ID, secret: env.SAP_OAUTH_CLIENT_SECRET, scope: env.SAP_OAUTH_SCOPE })
          : undefined,
      client: env.SAP_CLIENT,
      timeoutMs: env.SAP_TIMEOUT_MS,
      maxConcurrent: env.SAP_MAX_CONCURRENT,
      companyCode: env.SAP_COMPANY_CODE,
      readBackSettleMs: env.ERP_READ_BACK_SETTLE_MS,
    };
  }
  let auth: ErpAuthConfig | undefined;
  if (env.ORACLE_AUTH === 'bearer') {
    if (!env.ORACLE_TOKEN) throw new Error('ORACLE_AUTH=bearer needs ORACLE_TOKEN');
    auth = { kind: 'bearer', token: env.ORACLE_TOKEN };
  } else if (env.ORACLE_AUTH === 'oauth2') {
    auth = oauth('ORACLE', { url: env.ORACLE_OAUTH_TOKEN_URL, id: env.ORACLE_OAUTH_CLIENT_ID, secret: env.ORACLE_OAUTH_CLIENT_SECRET, scope: env.ORACLE_OAUTH_SCOPE });
  }
  return {
    system: 'ORACLE',
    baseUrl: env.ORACLE_BASE_URL,
    user: env.ORACLE_USER,
    password: env.ORACLE_PASSWORD,
    auth,
    timeoutMs: env.ORACLE_TIMEOUT_MS,
    maxConcurrent: env.ORACLE_MAX_CONCURRENT,
    readBackSettleMs: env.ERP_READ_BACK_SETTLE_MS,
    oracle: {
      restFrameworkVersion: env.ORACLE_REST_FRAMEWORK_VERSION,
      journals: {
        ...(env.ORACLE_LEDGER_ID ? { ledgerId: env.ORACLE_LEDGER_ID } : {}),
        ...(env.ORACLE_DATA_ACCESS_SET_ID ? { dataAccessSetId: env.ORACLE_DATA_ACCESS_SET_ID } : {}),
        ...(env.ORACLE_JOURNAL_SOURCE ? { source: env.ORACLE_JOURNAL_SOURCE } : {}),
      },
    },
  };
}

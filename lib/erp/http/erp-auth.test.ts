import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ErpAuth } from './erp-auth';
import { Semaphore } from './semaphore';

function tokenServer(answers: { status: number; body: unknown }[]) {
  const calls: { body: string; authorization: string }[] = [];
  const fetchImpl: typeof fetch = async (_input, init) => {
    calls.push({ body: String(init?.body), authorization: (init?.headers as Record<string, string>).Authorization });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  };
  return { calls, fetchImpl };
}

const transport = (fetchImpl: typeof fetch, now?: () => number) => ({ limiter: new Semaphore(2), timeoutMs: 1000, fetch: fetchImpl, now });
const OAUTH = { kind: 'oauth2-client-credentials' as const, tokenUrl: 'http://127.0.0.1:1/token', clientId: 'client', clientSecret: 's3cret', scope: 'api' };

describe('ErpAuth', () => {
  it('builds Basic and Bearer headers without showing the secret when inspected', async () => {
    const basic = new ErpAuth({ kind: 'basic', user: 'U', password: 'p@ss' }, transport(fetch));
    expect(await basic.header()).toBe(`Basic ${Buffer.from('U:p@ss').toString('base64')}`);
    expect(inspect(basic, { depth: 5 }) + JSON.stringify(basic)).not.toContain('p@ss');
    expect(await new ErpAuth({ kind: 'bearer', token: 'abc' }, transport(fetch)).header()).toBe('Bearer abc');
  });

  it('fetches one client-credentials token for concurrent callers and caches it until shortly before expiry', async () => {
    let clock = 0;
    const server = tokenServer([
      { status: 200, body: { access_token: 'one', token_type: 'bearer', expires_in: 60 } },
      { status: 200, body: { access_token: 'two', expires_in: '60' } },
    ]);
    const auth = new ErpAuth(OAUTH, transport(server.fetchImpl, () => clock));
    expect(await Promise.all([auth.header(), auth.header(), auth.header()])).toEqual(['Bearer one', 'Bearer one', 'Bearer one']);
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0].body).toBe('grant_type=client_credentials&scope=api');
    expect(server.calls[0].authorization).toBe(`Basic ${Buffer.from('client:s3cret').toString('base64')}`);
    clock = 29_000;
    expect(await auth.header()).toBe('Bearer one');
    // 30 s before the 60 s lifetime ends, the token is renewed.
    clock = 31_000;
    expect(await auth.header()).toBe('Bearer two');
    auth.invalidate();
    await auth.header();
    expect(server.calls).toHaveLength(3);
    expect(inspect(auth, { depth: 5 })).not.toContain('s3cret');
  });

  it('maps a refused client to AUTH and an answer without a token to PROTOCOL', async () => {
    await expect(new ErpAuth(OAUTH, transport(tokenServer([{ status: 401, body: { error: 'invalid_client' } }]).fetchImpl)).header()).rejects.toMatchObject({ kind: 'AUTH', mayHaveCommitted: false });
    await expect(new ErpAuth(OAUTH, transport(tokenServer([{ status: 200, body: { nope: 1 } }]).fetchImpl)).header()).rejects.toMatchObject({ kind: 'PROTOCOL' });
  });
});

import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getEnv } from '@/lib/env';
import { authenticateUser } from '@/lib/auth/authenticate-user';
import { sessionCookieConfig } from '@/lib/auth/session-cookies';
import { buildOidcProvider, oidcConfigFromEnv, OIDC_PROVIDER_ID } from '@/lib/auth/oidc-provider';
import { signInWithOidc } from '@/lib/auth/sign-in-with-oidc';

const credentialsSchema = z.object({ email: z.string().email().max(254), password: z.string().min(1).max(200) });

const env = getEnv();
/** Cookies that also work inside the Perspective frame (session-cookies.ts). */
export const sessionCookies = sessionCookieConfig(env.NEXTAUTH_URL);
export const SESSION_MAX_AGE_S = 12 * 60 * 60;
const oidc = oidcConfigFromEnv(env);

/** The identity provider's button label on the sign-in page, when one is configured. */
export const oidcProviderName: string | null = oidc?.name ?? null;

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: '/login' },
  useSecureCookies: sessionCookies.useSecureCookies,
  cookies: sessionCookies.cookies,
  providers: [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const user = await authenticateUser(parsed.data.email, parsed.data.password);
        return user ? { id: user.id, name: user.name, email: user.email } : null;
      },
    }),
    ...(oidc ? [buildOidcProvider(oidc)] : []),
  ],
  callbacks: {
    async signIn({ user, account, profile }) {
      if (!oidc || account?.provider !== OIDC_PROVIDER_ID) return true;
      const result = await signInWithOidc(oidc, (profile ?? {}) as Record<string, unknown>);
      if (!result.ok) return `/launch/refused?reason=${result.reason}`;
      // The session carries the Interlock user's id, not the IdP's subject.
      user.id = result.user.id;
      user.name = result.user.name;
      user.email = result.user.email;
      return true;
    },
    // The token carries only the user id: role and scopes are read fresh on every
    // request, so a role change or deactivation applies at once.
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: token.sub };
    },
  },
};

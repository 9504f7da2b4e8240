import 'server-only';
import { encode } from 'next-auth/jwt';
import { AppError } from '@/lib/errors';
import { authOptions, SESSION_MAX_AGE_S, sessionCookies } from '@/lib/auth/auth-options';

export interface SessionCookie {
  name: string;
  value: string;
  options: { httpOnly: boolean; sameSite: 'none' | 'lax'; secure: boolean; partitioned?: boolean; path: string; maxAge: number };
}

/**
 * A next-auth session for a user signed in outside next-auth's own routes (the
 * Perspective launch token): the same JWT next-auth would issue (encrypted with
 * the same secret, the same claims its callbacks read), under the same cookie
 * name and options, so getServerSession cannot tell the two apart.
 */
export async function createSessionCookie(user: { id: string; name: string; email: string }): Promise<SessionCookie> {
  const secret = authOptions.secret;
  if (!secret) throw new AppError('UNAVAILABLE', 'NEXTAUTH_SECRET is not set: sessions cannot be created.');
  const value = await encode({ token: { sub: user.id, name: user.name, email: user.email }, secret, maxAge: SESSION_MAX_AGE_S });
  const { name, options } = sessionCookies.sessionToken;
  return {
    name,
    value,
    options: {
      httpOnly: true,
      sameSite: options.sameSite === 'none' ? 'none' : 'lax',
      secure: Boolean(options.secure),
      ...(options.partitioned ? { partitioned: true } : {}),
      path: '/',
      maxAge: SESSION_MAX_AGE_S,
    },
  };
}

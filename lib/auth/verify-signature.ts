import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { verifyPassword } from '@/lib/auth/password';

/**
 * Re-authentication for an electronic signature (21 CFR Part 11): the signer
 * re-enters their password for each signed act. A mismatch is a field error on
 * `password`, never a sign-out.
 */
export async function verifySignature(userId: string, password: string): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || !user.active || !(await verifyPassword(password, user.passwordHash))) {
    throw new AppError('BAD_REQUEST', 'The signature could not be verified', { fieldErrors: { password: ['Password does not match: re-enter your password to sign'] } });
  }
}

import 'server-only';
import type { Tx } from '@/lib/db';

// Every transaction-scoped advisory lock the product takes, in one table, so
// that two uses can never share a namespace by accident. The key within a
// namespace is hashed text (an engine, a type and site).
const NAMESPACES = {
  modelLifecycle: 4_242_101,
  modelRetrain: 4_242_102,
  policyChange: 4_242_201,
} as const;

export type LockNamespace = keyof typeof NAMESPACES;

/** Waits for the lock; it is released when the transaction ends. */
export async function lockInTransaction(tx: Tx, namespace: LockNamespace, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${NAMESPACES[namespace]}::int, hashtext(${key}))`;
}

/** Takes the lock if it is free, without waiting; false when another transaction holds it. */
export async function tryLockInTransaction(tx: Tx, namespace: LockNamespace, key: string): Promise<boolean> {
  const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${NAMESPACES[namespace]}::int, hashtext(${key})) AS locked`;
  return locked;
}

import { expect } from 'vitest';
import { AppError } from '@/lib/errors';

/** Awaits a promise that must reject with an AppError of this code, and returns the error for further checks. */
export async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  return e as AppError;
}

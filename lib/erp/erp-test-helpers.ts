// Shared by the connector tests (SAP and Oracle) that run against the simulators.
import { ErpError } from '@/lib/erp/connector';

/** The ErpError the promise rejects with; anything else (or no rejection) fails the test. */
export async function caught(promise: Promise<unknown>): Promise<ErpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ErpError) return error;
    throw error;
  }
  throw new Error('expected an ErpError');
}

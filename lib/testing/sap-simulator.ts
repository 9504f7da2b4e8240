import { resetEnvCache } from '@/lib/env';
import { startSapSimulator, type SapSimulator } from '@/lib/erp/simulator/sap-simulator';

/**
 * Starts a simulated SAP on a free loopback port and points the app at it
 * (SAP_BASE_URL plus the given overrides, read afresh). The caller closes it.
 */
export async function startTestSapSimulator(env: Record<string, string>): Promise<SapSimulator> {
  const sim = await startSapSimulator({ port: 0, orderIntervalMs: 0 });
  process.env.SAP_BASE_URL = sim.url;
  Object.assign(process.env, env);
  resetEnvCache();
  return sim;
}

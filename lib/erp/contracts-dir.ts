// Locates the shared ERP contract files (EDMX, WSDL, OpenAPI) that sit beside
// the project, not inside it: ERP_CONTRACTS_DIR, else the nearest ancestor of
// the working directory that holds shared/erp-contracts, else the workspace's
// own copy at /work/shared (a CI checkout may live outside the workspace).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { getEnv } from '@/lib/env';

const WORKSPACE_CONTRACTS = '/work/shared/erp-contracts';

export function findContractsDir(start = process.cwd()): string | null {
  const configured = getEnv().ERP_CONTRACTS_DIR;
  if (configured) return existsSync(configured) ? path.resolve(configured) : null;
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, 'shared', 'erp-contracts');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return existsSync(WORKSPACE_CONTRACTS) ? WORKSPACE_CONTRACTS : null;
    dir = parent;
  }
}

export function contractFile(...parts: string[]): string | null {
  const dir = findContractsDir();
  return dir ? path.join(dir, ...parts) : null;
}

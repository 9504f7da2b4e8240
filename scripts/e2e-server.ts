// The server for Playwright: a fresh database (on DATABASE_URL's server, or an
// embedded PostgreSQL), then `npm start` with test settings: its own ports and
// data folder, no demo orders, no plant simulator, a fast ERP sync.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { childEnv } from '@/lib/env';
import { createScratchDatabase } from '@/lib/database/scratch-database';

const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' }, port: { type: 'string', default: '3100' }, 'erp-port': { type: 'string', default: '4110' } } });
if (values.help) {
  console.log('Usage: tsx scripts/e2e-server.ts [--port 3100] [--erp-port 4110]\n\nStarts Interlock on a fresh database for the Playwright tests.');
  process.exit(0);
}

const dataDir = path.resolve('.data/e2e');
rmSync(path.join(dataDir, 'erp-sim.json'), { force: true });
rmSync(path.join(dataDir, 'gateway-key.txt'), { force: true });
// start.ts copies models/ here: each run starts from the shipped model files.
rmSync(path.join(dataDir, 'models'), { recursive: true, force: true });
// start.ts migrates and seeds it.
const scratch = await createScratchDatabase({ name: 'interlock_e2e', embedded: { dataDir: '.data/e2e-pg', port: 54349 }, migrate: false });

const child = spawn(
  path.resolve('node_modules/.bin/tsx'),
  ['scripts/start.ts', '--port', values.port!, '--erp-port', values['erp-port']!, '--no-plant-sim', '--no-demo-orders', '--sync-interval', '1000', '--quiet'],
  // FRAME_ANCESTORS: the stand-in Perspective page of e2e/perspective-embedding.spec.ts (PERSPECTIVE_HOST in e2e/helpers.ts).
  { stdio: 'inherit', env: childEnv({ DATABASE_URL: scratch.url, DATA_DIR: dataDir, NEXTAUTH_URL: `http://localhost:${values.port}`, FRAME_ANCESTORS: 'http://127.0.0.1:3199' }) },
);
const stop = () => child.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', async (code) => {
  await scratch.drop();
  process.exit(code ?? 0);
});

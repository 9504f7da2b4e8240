// `npm test`: every test tier in order — lint, types, unit, database, e2e —
// with a summary. Database tests use DATABASE_URL's server when set (CI) and an
// embedded PostgreSQL otherwise; e2e tests need Debian's Chromium.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { getEnv } from '@/lib/env';

const HELP = `Usage: npm test -- [--only lint|types|unit|db|e2e] [--skip e2e,...]

Runs, in order: eslint, tsc, vitest unit, vitest db (real PostgreSQL), and
Playwright e2e (Debian Chromium at /usr/bin/chromium, installed with apt-get
when missing and running as root). Stops at the first failing step.`;

const STEPS = ['lint', 'types', 'unit', 'db', 'e2e'] as const;
type Step = (typeof STEPS)[number];

const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' }, only: { type: 'string' }, skip: { type: 'string' } } });
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const skip = new Set((values.skip ?? '').split(',').filter(Boolean));
const selected: Step[] = values.only ? (values.only.split(',') as Step[]) : STEPS.filter((s) => !skip.has(s));
for (const s of selected) {
  if (!STEPS.includes(s)) {
    console.error(`Unknown step "${s}": choose among ${STEPS.join(', ')}`);
    process.exit(2);
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function ensureChromium(): Promise<boolean> {
  const chromium = getEnv().PLAYWRIGHT_CHROMIUM;
  if (existsSync(chromium)) return true;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('[test] Chromium is missing: installing Debian\'s chromium package with apt-get…');
    const update = await run('apt-get', ['update', '-qq']);
    const install = update === 0 ? await run('apt-get', ['install', '-y', '-qq', 'chromium'], { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }) : update;
    if (install === 0 && existsSync(chromium)) return true;
  }
  console.error(`[test] The e2e tests need Chromium at ${chromium}. Install it with:

    sudo apt-get update && sudo apt-get install -y chromium

(or set PLAYWRIGHT_CHROMIUM to another Chromium binary), then run npm test again.`);
  return false;
}

const bin = (name: string) => `node_modules/.bin/${name}`;
const results: { step: Step; ok: boolean; seconds: number }[] = [];

for (const step of selected) {
  const t0 = Date.now();
  console.log(`\n[test] ── ${step} ──`);
  let code: number;
  switch (step) {
    case 'lint':
      code = await run(bin('eslint'), ['--max-warnings=0', '.']);
      break;
    case 'types':
      code = await run(bin('tsc'), ['--noEmit']);
      break;
    case 'unit':
      code = await run(bin('vitest'), ['run', '--project', 'unit']);
      break;
    case 'db':
      code = await run(bin('vitest'), ['run', '--project', 'db']);
      break;
    case 'e2e':
      code = (await ensureChromium()) ? await run(bin('playwright'), ['test']) : 1;
      break;
  }
  results.push({ step, ok: code === 0, seconds: (Date.now() - t0) / 1000 });
  if (code !== 0) break;
}

console.log('\n[test] summary');
for (const r of results) console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.step.padEnd(6)} ${r.seconds.toFixed(1)} s`);
const failed = results.some((r) => !r.ok) || results.length < selected.length;
process.exit(failed ? 1 : 0);

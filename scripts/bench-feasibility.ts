// Latency of POST /api/v1/feasibility/check against a running Interlock, next
// to a baseline measured in the same run (GET /api/health: the framework's
// floor on this machine), so the ratio says what the check itself costs.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const HELP = `Usage: npm run bench:feasibility -- [--url http://localhost:3000] [--key-file .data/gateway-key.txt] [--n 300] [--warmup 30]

Sends --n sequential feasibility checks (and as many health calls) and prints
median, p95 and p99 latency of each, and their ratio. Start Interlock first (npm start).`;

const { values } = parseArgs({
  options: {
    help: { type: 'boolean', short: 'h' },
    url: { type: 'string', default: 'http://localhost:3000' },
    'key-file': { type: 'string', default: '.data/gateway-key.txt' },
    n: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '30' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const n = Number(values.n);
const warmup = Number(values.warmup);
if (!(n > 0) || !(warmup >= 0)) {
  console.error('--n must be > 0 and --warmup ≥ 0');
  process.exit(2);
}
const key = readFileSync(values['key-file']!, 'utf8').trim();

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

function body(i: number) {
  return JSON.stringify({
    order_id: `BENCH-${i}`,
    material: i % 2 ? 'VALVE-ASSY-55' : 'PUMP-ASSY-10',
    quantity: 100 + (i % 10) * 50,
    required_work_center: i % 2 ? 'WC-ASSY-05' : 'WC-PUMP-02',
    required_skill: 'TORQUE_CERT',
    due_date: new Date(Date.now() + (8 + (i % 40)) * 3_600_000).toISOString(),
    site: '1710',
  });
}

async function time(fn: () => Promise<Response>): Promise<number> {
  const t = performance.now();
  const res = await fn();
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return performance.now() - t;
}

const check = (i: number) => () =>
  fetch(`${values.url}/api/v1/feasibility/check`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body(i) });
const health = () => fetch(`${values.url}/api/health`);

for (let i = 0; i < warmup; i++) {
  await time(check(i));
  await time(health);
}
const checks: number[] = [];
const healths: number[] = [];
for (let i = 0; i < n; i++) {
  // Interleaved, so both see the same machine noise.
  checks.push(await time(check(i)));
  healths.push(await time(health));
  if ((i + 1) % 100 === 0) process.stderr.write(`  ${i + 1}/${n}\n`);
}
const row = (name: string, xs: number[]) => `${name.padEnd(26)} ${quantile(xs, 0.5).toFixed(2).padStart(8)} ${quantile(xs, 0.95).toFixed(2).padStart(8)} ${quantile(xs, 0.99).toFixed(2).padStart(8)}`;
console.log(`\n${'ms'.padEnd(26)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)}`);
console.log(row('feasibility check', checks));
console.log(row('health (baseline)', healths));
console.log(`\nmedian ratio check / baseline: ${(quantile(checks, 0.5) / quantile(healths, 0.5)).toFixed(1)}×  (n=${n}, sequential)`);

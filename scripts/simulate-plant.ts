// Sends simulated Ignition plant events to Interlock over HTTP.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { PlantSimulator } from '@/lib/ignition/plant-simulator';

const HELP = `Usage: npm run simulate -- --key-file .data/gateway-key.txt [options]

Plays a simulated plant (site 1710: breakdowns, OEE, line-side scans, operators)
and POSTs its events in batches to /api/ignition/events.

Options:
  --url <url>          Interlock base URL (default http://localhost:3000)
  --key <key>          gateway API key (or --key-file <path>)
  --gateway <id>       gateway id in the batches (default ign-gw-01)
  --interval <ms>      one tick per interval (default 2000)
  --ticks <n>          stop after n ticks (default: run until Ctrl-C)
  --seed <n>           random seed (default: time-based)
  --breakdown-rate <p> probability per tick that a running work center fails (default 0.004)
  -h, --help           this help`;

const { values } = parseArgs({
  options: {
    help: { type: 'boolean', short: 'h' },
    url: { type: 'string', default: 'http://localhost:3000' },
    key: { type: 'string' },
    'key-file': { type: 'string' },
    gateway: { type: 'string', default: 'ign-gw-01' },
    interval: { type: 'string', default: '2000' },
    ticks: { type: 'string' },
    seed: { type: 'string' },
    'breakdown-rate': { type: 'string', default: '0.004' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const key = values.key ?? (values['key-file'] ? readFileSync(values['key-file'], 'utf8').trim() : undefined);
if (!key) {
  console.error('A gateway API key is required: --key or --key-file (npm start writes one to .data/gateway-key.txt).');
  process.exit(2);
}
const interval = Number(values.interval);
const ticks = values.ticks ? Number(values.ticks) : Infinity;
const breakdownRate = Number(values['breakdown-rate']);
if (!(interval >= 50) || !(ticks > 0) || !(breakdownRate >= 0 && breakdownRate <= 1)) {
  console.error('--interval must be ≥ 50 ms, --ticks > 0, --breakdown-rate between 0 and 1.');
  process.exit(2);
}
const sim = new PlantSimulator({ gateway: values.gateway!, seed: values.seed ? Number(values.seed) : Date.now() % 2 ** 31, breakdownRate });
const endpoint = new URL('/api/ignition/events', values.url).toString();
let sent = 0;
let n = 0;
let running = true;
process.on('SIGINT', () => (running = false));
process.on('SIGTERM', () => (running = false));

while (running && n < ticks) {
  n++;
  const events = sim.next();
  if (events.length) {
    try {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ gateway: values.gateway, events }),
      });
      const body = (await res.json().catch(() => null)) as { accepted?: number; rejected?: unknown[] } | null;
      if (res.status !== 202) console.error(`plant-sim: ${res.status} ${JSON.stringify(body)}`);
      else {
        sent += body?.accepted ?? 0;
        const downs = events.filter((e) => e.type === 'machine_state').map((e) => `${'work_center' in e ? e.work_center : ''} ${'state' in e ? e.state : ''}`);
        if (downs.length) console.log(`plant-sim: ${downs.join(', ')} (total events accepted: ${sent})`);
      }
    } catch (e) {
      console.error(`plant-sim: could not reach ${endpoint}: ${(e as Error).message}`);
    }
  }
  await new Promise((r) => setTimeout(r, interval));
}
console.log(`plant-sim: stopped after ${n} ticks, ${sent} events accepted.`);

// Sends simulated Ignition plant events to Interlock: over HTTP (the default),
// as plain JSON over MQTT, or as a Sparkplug B edge node. Offline, it runs the
// plant in simulated time with production orders and writes the ground truth.
import { parseArgs } from 'node:util';
import { appendFileSync, closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { runOfflinePlant, DEFAULT_OFFLINE_START } from '@/lib/ignition/simulator/run-offline-plant';
import { PlantSimulator, type Incident } from '@/lib/ignition/simulator/plant-simulator';
import type { PlantEvent } from '@/lib/ignition/plant-event.schema';
import { getEnv } from '@/lib/env';
import { JsonEventPublisher } from '@/lib/ignition/mqtt/json-publisher';
import { SparkplugEdgeNode } from '@/lib/ignition/sparkplug/edge-node';
import type { MetricValue } from '@/lib/ignition/sparkplug/codec';
import { demoPlantDevices, eventToTagUpdates } from '@/lib/ignition/sparkplug/simulator-tags';
import { DEMO_WORK_CENTERS } from '@/prisma/demo-plant';
import { SIGNATURE_HEADER, signBatch } from '@/lib/ignition/http/sign-batch';

const HELP = `Usage: npm run simulate -- [options]

Plays a simulated plant (site 1710: breakdowns, OEE, line-side scans, operators)
and sends its events to Interlock.

Transport:
  --transport <t>      http (default): POST batches to /api/ignition/events
                       mqtt-json: publish JSON arrays on ignition/<site>/events/<type> (QoS 1)
                       sparkplug: be a Sparkplug B edge node (births with aliases,
                         DDATA by alias with seq, NDEATH Will with bdSeq, answers Rebirth)
  --url <url>          Interlock base URL for http (default http://localhost:3000)
  --key <key>          gateway API key for http (or --key-file <path>)
  --secret-file <path> the gateway's signing secret for http: every batch is signed (X-Signature)
  --mqtt-url <url>     broker for mqtt-json and sparkplug (default MQTT_URL or mqtt://127.0.0.1:1883)
  --topic-prefix <p>   prefix of the JSON topics (default MQTT_TOPIC_PREFIX or none)
  --group <id>         Sparkplug group (default Plant1710)
  --edge-node <id>     Sparkplug edge node id (default: the gateway id)

Pace:
  --interval <ms>      one tick per interval (default 2000)
  --ticks <n>          stop after n ticks (default: run until Ctrl-C)
  --rate <events/s>    load mode: send this many events per second (ticks run as
                       fast as needed; incidents come correspondingly often)
  --seconds <n>        stop after n seconds

Story:
  --gateway <id>       gateway id in the batches (default ign-gw-01)
  --seed <n>           random seed (default: time-based)
  --breakdown-rate <p> probability per tick that a running work center fails (default 0.004)
  --truth <file>       write the ground truth (breakdowns, stock-outs, refills,
                       operators away; start/end, work center/material) as JSON lines
  -h, --help           this help

Offline (no transport; the order ground truth for the feasibility model):
  --offline            run the plant in simulated time as fast as it computes:
                       breakdowns, repairs, absences and stock movements in hours,
                       and production orders released, queued, run and finished.
                       Each finished order is a truth line
                       {"incident":"order_outcome", order, work_center, released_at,
                        due, finished_at, on_time, features} with the features
                       Interlock would have computed from the events at release.
  --days <n>           days of recorded releases (required with --offline); the
                       floor then runs on until those orders finish (at most 14 days)
  --tick-minutes <m>   simulated minutes per tick (default 1)
  --start <iso>        start of the simulated clock (default ${DEFAULT_OFFLINE_START.toISOString()})
  --seed <n>           as above (default 42 offline: the truth depends on the seed alone)

  e.g. npm run simulate -- --offline --days 60 --seed 42 --truth /tmp/plant-truth.jsonl`;

const { values } = parseArgs({
  options: {
    help: { type: 'boolean', short: 'h' },
    transport: { type: 'string', default: 'http' },
    url: { type: 'string', default: 'http://localhost:3000' },
    key: { type: 'string' },
    'key-file': { type: 'string' },
    'secret-file': { type: 'string' },
    'mqtt-url': { type: 'string' },
    'topic-prefix': { type: 'string' },
    group: { type: 'string', default: 'Plant1710' },
    'edge-node': { type: 'string' },
    gateway: { type: 'string', default: 'ign-gw-01' },
    interval: { type: 'string', default: '2000' },
    ticks: { type: 'string' },
    rate: { type: 'string' },
    seconds: { type: 'string' },
    seed: { type: 'string' },
    'breakdown-rate': { type: 'string', default: '0.004' },
    truth: { type: 'string' },
    offline: { type: 'boolean' },
    days: { type: 'string' },
    'tick-minutes': { type: 'string', default: '1' },
    start: { type: 'string' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
if (values.offline) runOffline();

function runOffline(): never {
  const days = Number(values.days);
  const tickMinutes = Number(values['tick-minutes']);
  const seed = values.seed === undefined ? 42 : Number(values.seed);
  const start = values.start ? new Date(values.start) : DEFAULT_OFFLINE_START;
  if (!Number.isInteger(days) || days < 1) fail('--offline needs --days <n>, a whole number ≥ 1.');
  if (!(tickMinutes > 0 && tickMinutes <= 60)) fail('--tick-minutes must be above 0 and at most 60.');
  if (!Number.isInteger(seed)) fail('--seed must be a whole number.');
  if (Number.isNaN(start.getTime())) fail('--start must be an ISO date-time, e.g. 2026-01-05T00:00:00Z.');
  const truth = values.truth ? openSync(values.truth, 'w') : null;
  if (!truth) console.log('plant-sim: no --truth file given: the outcomes are counted but not written');
  console.log(`plant-sim: offline, seed ${seed}, ${days} days from ${start.toISOString()}, ${tickMinutes} min per tick`);
  const started = performance.now();
  const percent = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)} %` : '—');
  const summary = runOfflinePlant({
    seed,
    days,
    tickMinutes,
    start,
    onIncident: truth ? (i) => writeSync(truth, JSON.stringify(i) + '\n') : undefined,
    onDay: (p) => {
      if (!p.draining && p.day % 5 !== 0 && p.day !== days) return;
      const o = p.orders;
      console.log(
        `plant-sim: day ${String(p.day).padStart(3)}${p.draining ? ' (finishing)' : ''}: ${o.released} orders released, ${o.finished} finished, ` +
          `on time ${percent(o.onTime, o.finished)}, ${o.open} open, ${p.events.toLocaleString('en-US')} events`,
      );
    },
  });
  if (truth) closeSync(truth);
  const o = summary.orders;
  console.log(`\nplant-sim: simulated ${summary.simulatedDays.toFixed(1)} days (${summary.ticks.toLocaleString('en-US')} ticks) in ${((performance.now() - started) / 1000).toFixed(1)} s, ${summary.events.toLocaleString('en-US')} events`);
  console.table({
    'orders released (recorded days)': o.released,
    'finished': o.finished,
    'on time': `${o.onTime} (${percent(o.onTime, o.finished)})`,
    'not finished, past due (written as late)': summary.unfinishedLate,
    'not finished, not yet due (not written)': o.open - summary.unfinishedLate,
    'released after the recorded days (not written)': o.unrecorded,
  });
  console.log('Incidents:', Object.entries(summary.incidents).map(([k, n]) => `${k} ${n}`).join(', '));
  if (values.truth) console.log(`Truth written to ${values.truth}`);
  process.exit(0);
}
const transport = values.transport!;
if (!['http', 'mqtt-json', 'sparkplug'].includes(transport)) fail('--transport must be http, mqtt-json or sparkplug.');
const key = values.key ?? (values['key-file'] ? readFileSync(values['key-file'], 'utf8').trim() : undefined);
if (transport === 'http' && !key) fail('A gateway API key is required for http: --key or --key-file (npm start writes one to .data/gateway-key.txt).');
const secret = values['secret-file'] ? readFileSync(values['secret-file'], 'utf8').trim() : undefined;
const interval = Number(values.interval);
const ticks = values.ticks ? Number(values.ticks) : Infinity;
const rate = values.rate ? Number(values.rate) : null;
const seconds = values.seconds ? Number(values.seconds) : Infinity;
const breakdownRate = Number(values['breakdown-rate']);
if (!(interval >= 50) || !(ticks > 0) || !(breakdownRate >= 0 && breakdownRate <= 1) || !(seconds > 0)) fail('--interval must be ≥ 50 ms, --ticks > 0, --seconds > 0, --breakdown-rate between 0 and 1.');
if (rate !== null && !(rate > 0 && rate <= 100_000)) fail('--rate must be between 1 and 100000 events/s.');

const env = getEnv();
const mqttUrl = values['mqtt-url'] ?? env.MQTT_URL;
const truthFile = values.truth;
if (truthFile) writeFileSync(truthFile, '');
const sim = new PlantSimulator({
  gateway: values.gateway!,
  seed: values.seed ? Number(values.seed) : Date.now() % 2 ** 31,
  breakdownRate,
  onIncident: truthFile ? (i: Incident) => appendFileSync(truthFile, JSON.stringify(i) + '\n') : undefined,
});

interface Transport {
  send(events: PlantEvent[]): Promise<number>;
  close(): Promise<void>;
}

async function httpTransport(): Promise<Transport> {
  const endpoint = new URL('/api/ignition/events', values.url).toString();
  return {
    async send(events) {
      let accepted = 0;
      for (let i = 0; i < events.length; i += 1000) {
        try {
          const payload = JSON.stringify({ gateway: values.gateway, events: events.slice(i, i + 1000) });
          const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
          // Signed when it is sent: the server refuses a signature it has seen before.
          if (secret) headers[SIGNATURE_HEADER] = signBatch(payload, secret);
          const res = await fetch(endpoint, { method: 'POST', headers, body: payload });
          const body = (await res.json().catch(() => null)) as { accepted?: number } | null;
          if (res.status !== 202) console.error(`plant-sim: ${res.status} ${JSON.stringify(body)}`);
          else accepted += body?.accepted ?? 0;
        } catch (e) {
          console.error(`plant-sim: could not reach ${endpoint}: ${(e as Error).message}`);
        }
      }
      return accepted;
    },
    close: async () => {},
  };
}

async function mqttJsonTransport(): Promise<Transport> {
  const pub = new JsonEventPublisher({ url: mqttUrl, prefix: values['topic-prefix'] ?? env.MQTT_TOPIC_PREFIX, log: (l) => console.error(`plant-sim: ${l}`) });
  console.log(`plant-sim: connecting to ${mqttUrl}…`);
  await pub.connect();
  return {
    async send(events) {
      await pub.publish(events, 100);
      return events.length;
    },
    close: () => pub.end(),
  };
}

async function sparkplugTransport(): Promise<Transport> {
  const lineOf = new Map(DEMO_WORK_CENTERS.map((w) => [w.code, w.line]));
  const node = new SparkplugEdgeNode({ url: mqttUrl, group: values.group!, node: values['edge-node'] ?? values.gateway!, devices: demoPlantDevices(), log: (l) => console.log(`plant-sim: ${l}`) });
  console.log(`plant-sim: connecting to ${mqttUrl} as Sparkplug edge node ${values.group}/${values['edge-node'] ?? values.gateway}…`);
  await node.connect();
  console.log(`plant-sim: NBIRTH (bdSeq ${node.currentBdSeq}) and DBIRTHs published`);
  let skipped = 0;
  return {
    async send(events) {
      // One DDATA per device per batch: the tags of a tick change together.
      const perDevice = new Map<string, { name: string; value: MetricValue; timestamp: number }[]>();
      let n = 0;
      for (const e of events) {
        const u = eventToTagUpdates(e, (wc) => lineOf.get(wc));
        if (!u) {
          skipped++;
          continue;
        }
        const list = perDevice.get(u.device) ?? [];
        // A tag written twice in one batch: a new DDATA, so both values are reported.
        if (u.changes.some((c) => list.some((x) => x.name === c.name))) {
          node.update(u.device, list);
          list.length = 0;
        }
        list.push(...u.changes);
        perDevice.set(u.device, list);
        n++;
      }
      for (const [device, changes] of perDevice) if (changes.length) node.update(device, changes);
      return n;
    },
    async close() {
      if (skipped) console.log(`plant-sim: ${skipped} events have no Sparkplug tag (operator shifts) and were not published`);
      await node.stop();
    },
  };
}

const t = transport === 'http' ? await httpTransport() : transport === 'mqtt-json' ? await mqttJsonTransport() : await sparkplugTransport();
let running = true;
process.on('SIGINT', () => (running = false));
process.on('SIGTERM', () => (running = false));
const started = Date.now();
let sent = 0;
let n = 0;

function logIncidents(events: PlantEvent[]) {
  const downs = events.filter((e) => e.type === 'machine_state').map((e) => `${'work_center' in e ? e.work_center : ''} ${'state' in e ? e.state : ''}`);
  if (downs.length) console.log(`plant-sim: ${downs.join(', ')} (total events sent: ${sent})`);
}

if (rate === null) {
  while (running && n < ticks && Date.now() - started < seconds * 1000) {
    n++;
    const events = sim.next();
    if (events.length) {
      sent += await t.send(events);
      logIncidents(events);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
} else {
  // Load mode: slots of 100 ms, each sending its share of the rate; a slot
  // that overruns is caught up by the next ones (the printed rate is what was achieved).
  const slotMs = 100;
  let buffer: PlantEvent[] = [];
  let owed = 0;
  let lastReport = Date.now();
  let sentAtReport = 0;
  console.log(`plant-sim: load mode, ${rate} events/s over ${transport}`);
  while (running && n < ticks && Date.now() - started < seconds * 1000) {
    const slotStart = Date.now();
    owed += (rate * slotMs) / 1000;
    const take = Math.floor(owed);
    owed -= take;
    while (buffer.length < take) {
      n++;
      buffer.push(...sim.next(new Date()));
    }
    const batch = buffer.slice(0, take);
    buffer = buffer.slice(take);
    if (batch.length) sent += await t.send(batch);
    if (Date.now() - lastReport >= 5000) {
      const s = (Date.now() - lastReport) / 1000;
      console.log(`plant-sim: ${Math.round((sent - sentAtReport) / s)} events/s (total ${sent})`);
      lastReport = Date.now();
      sentAtReport = sent;
    }
    const wait = slotStart + slotMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
}
sim.flushIncidents();
await t.close();
console.log(`plant-sim: stopped after ${n} ticks, ${sent} events sent in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
process.exit(0);

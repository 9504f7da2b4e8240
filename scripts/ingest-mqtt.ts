// The MQTT ingest process: plain-JSON plant events and the Sparkplug B host
// application, both into ingestPlantEvents. Started by `npm start`; runs on
// its own with `npm run ingest-mqtt`.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getEnv, requireDatabaseUrl } from '@/lib/env';
import { createLogger } from '@/lib/log';

const HELP = `Usage: npm run ingest-mqtt -- [options]

Subscribes to the MQTT broker and ingests plant events:
  - plain JSON on ignition/<site>/events/<type> (QoS 1, persistent session:
    each message is acknowledged only after its events are committed; bad
    messages go to the dead letters, GET /api/admin/dead-letters)
  - Sparkplug B as a host application (STATE birth/death, births and aliases,
    seq checks with rebirth requests, stale data on NDEATH/DDEATH), mapped to
    plant events by the tag-path mapping file

Options:
  --no-json        do not run the JSON subscriber
  --no-sparkplug   do not run the Sparkplug host application
  -h, --help       this help

Configuration (environment):
  DATABASE_URL                  the database (required)
  MQTT_URL                      broker (default mqtt://127.0.0.1:1883)
  MQTT_CLIENT_ID                persistent session id (default derived from DATA_DIR)
  MQTT_ALLOWED_SITES            sites the JSON topics may name (default 1710)
  MQTT_GATEWAY                  gateway name stored with JSON events (default ign-mqtt)
  MQTT_TOPIC_PREFIX             prefix of the JSON topics (default none)
  SPARKPLUG_HOST_ID             host id for spBv1.0/STATE/<id> (default interlock)
  SPARKPLUG_MAPPING_FILE        tag-path mapping (default lib/ignition/sparkplug/default-mapping.json)
  SPARKPLUG_REORDER_TIMEOUT_MS  wait for a missing seq before a rebirth request (default 2000)

The process never gives up on the broker: it retries with a growing delay and
logs each attempt. Ctrl-C / SIGTERM: STATE offline, in-flight work committed, exit.`;

const { values } = parseArgs({
  options: {
    help: { type: 'boolean', short: 'h' },
    'no-json': { type: 'boolean', default: false },
    'no-sparkplug': { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const log = createLogger('ingest-mqtt');
let env: ReturnType<typeof getEnv>;
try {
  env = getEnv();
  requireDatabaseUrl();
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}

// Modules that open the database are loaded once the configuration is known good.
const { startJsonSubscriber } = await import('@/lib/ignition/mqtt/json-subscriber');
const { startSparkplugHost } = await import('@/lib/ignition/sparkplug/host-application');
const { loadMappingFile } = await import('@/lib/ignition/sparkplug/mapping');

// Stable per installation, different between installations sharing a broker
// (npm start and the e2e server): two processes with one client id would take
// the session from each other forever.
const clientId = env.MQTT_CLIENT_ID ?? `interlock-ingest-${createHash('sha1').update(path.resolve(env.DATA_DIR)).digest('hex').slice(0, 10)}`;
const allowedSites = env.MQTT_ALLOWED_SITES.split(',').map((s) => s.trim());

const stops: (() => Promise<void>)[] = [];
if (!values['no-json']) {
  const json = startJsonSubscriber({ url: env.MQTT_URL, clientId, prefix: env.MQTT_TOPIC_PREFIX, allowedSites, gateway: env.MQTT_GATEWAY, log: createLogger('mqtt-json') });
  stops.push(() => json.stop());
  log.info('JSON subscriber starting', { url: env.MQTT_URL, clientId, topics: `${env.MQTT_TOPIC_PREFIX}ignition/+/events/+`, sites: allowedSites.join(',') });
}
if (!values['no-sparkplug']) {
  let mapping: ReturnType<typeof loadMappingFile>;
  try {
    mapping = loadMappingFile(env.SPARKPLUG_MAPPING_FILE);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const host = startSparkplugHost({ url: env.MQTT_URL, hostId: env.SPARKPLUG_HOST_ID, mapping, reorderTimeoutMs: env.SPARKPLUG_REORDER_TIMEOUT_MS, log: createLogger('sparkplug') });
  stops.push(() => host.stop());
  log.info('Sparkplug host starting', { hostId: env.SPARKPLUG_HOST_ID, groups: mapping.groups.join(','), mapping: env.SPARKPLUG_MAPPING_FILE, reorderTimeoutMs: env.SPARKPLUG_REORDER_TIMEOUT_MS });
}
if (!stops.length) {
  console.error('Nothing to run: both --no-json and --no-sparkplug given.');
  process.exit(2);
}

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info('stopping', { signal });
  const timer = setTimeout(() => {
    log.error('did not stop within 20 s; exiting');
    process.exit(1);
  }, 20_000);
  await Promise.allSettled(stops.map((s) => s()));
  clearTimeout(timer);
  log.info('stopped');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
// An unexpected rejection is logged, not fatal: npm start stops the whole product when this process exits.
process.on('unhandledRejection', (e) => log.error('unhandled rejection', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) }));

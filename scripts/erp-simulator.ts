// Runs the SAP S/4HANA simulator (production orders, material documents,
// confirmations, BOMs, stock, quality notifications, journal entries) for the
// demo and for manual testing. Thin entry point: options in, lib/erp/simulator
// does the work.
import path from 'node:path';
import { getEnv } from '@/lib/env';
import { startSapSimulator } from '@/lib/erp/simulator/sap-simulator';
import { failCli, integerOption, logCliRequest, parseCliOptions, stopOnSignals } from '@/lib/erp/simulator/sim-cli';

const HELP = `Usage: npm run erp-sim -- [options]

Starts a simulated SAP S/4HANA system on 127.0.0.1 serving, as OData V2,
API_PRODUCTION_ORDER_2_SRV, API_MATERIAL_DOCUMENT_SRV,
API_PROD_ORDER_CONFIRMATION_2_SRV, API_BILL_OF_MATERIAL_SRV,
API_MATERIAL_STOCK_SRV, a quality-notification service and a journal-entry
read-back service, and the JournalEntryCreateRequestConfirmation_In SOAP
service; Basic auth or OAuth (token endpoint /sap/bc/sec/oauth2/token),
sap-client and CSRF per service root enforced as on the real system, every
request checked against the contract EDMX/WSDL; plus a control API under /_sim/
(orders, stock, boms, periods, documents, faults, stats, requests, reset).

Options:
  --port <n>             port to listen on (default ERP_SIM_PORT, 4010; 0 = any free port)
  --user <name>          communication user (default SAP_USER, INTERLOCK)
  --password <secret>    its password (default SAP_PASSWORD)
  --client <nnn>         SAP client (default SAP_CLIENT, 100)
  --state-file <path>    keep orders across restarts in this JSON file
                         (default with --demo: <DATA_DIR>/erp-sim.json; otherwise none)
  --demo                 seed the demo plant's orders, BOMs and storage stock, and plan new orders continuously
  --order-interval <ms>  with --demo: milliseconds between new orders (default 20000; 0 = none)
  --edmx <path>          EDMX to serve as $metadata
                         (default ../shared/erp-contracts/sap/odata-v2/API_PRODUCTION_ORDER_2_SRV.edmx)
  --quiet                do not log each request
  -h, --help             show this help

Examples:
  npm run erp-sim -- --demo
  npm run erp-sim -- --port 4010 --state-file .data/erp-sim.json --demo --order-interval 20000
  curl -X POST localhost:4010/_sim/faults -H 'content-type: application/json' -d '{"failNext":{"count":1,"status":503}}'`;

const values = parseCliOptions(
  {
    port: { type: 'string' },
    user: { type: 'string' },
    password: { type: 'string' },
    client: { type: 'string' },
    'state-file': { type: 'string' },
    demo: { type: 'boolean', default: false },
    'order-interval': { type: 'string' },
    edmx: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  HELP,
);

const env = getEnv();
const client = values.client ?? env.SAP_CLIENT;
if (!/^\d{3}$/.test(client)) failCli(`--client must be three digits, e.g. 100, got "${client}"`);
const stateFile = values['state-file'] ?? (values.demo ? path.join(env.DATA_DIR, 'erp-sim.json') : undefined);
const orderIntervalMs = integerOption('order-interval', values['order-interval'], 20_000, 0, 86_400_000);

const simulator = await startSapSimulator({
  port: integerOption('port', values.port, env.ERP_SIM_PORT, 0, 65_535),
  user: values.user ?? env.SAP_USER,
  password: values.password ?? env.SAP_PASSWORD,
  client,
  stateFile: stateFile ? path.resolve(stateFile) : undefined,
  demo: values.demo,
  orderIntervalMs,
  edmxPath: values.edmx ? path.resolve(values.edmx) : undefined,
  onRequest: values.quiet ? undefined : logCliRequest,
  onDemoOrder: (order) => {
    console.log(`${new Date().toISOString()} demo: planned order ${order.id} ${order.quantity} ${order.unit} ${order.material} due ${order.plannedEnd}`);
  },
});

console.log(`SAP simulator listening on ${simulator.url}`);
console.log(`  service root  ${simulator.serviceRoot}/ (user ${values.user ?? env.SAP_USER}, sap-client ${client})`);
console.log(`  $metadata     ${simulator.model.source === 'edmx' ? 'contract EDMX' : 'built-in subset (contract EDMX not found)'}`);
for (const service of simulator.services.slice(1)) console.log(`  service       ${simulator.url}${service.path}/ (${service.source === 'edmx' ? 'contract EDMX' : 'built-in model'})`);
console.log(`  control API   ${simulator.url}/_sim/{orders,stock,boms,periods,documents,faults,stats,requests,reset}`);
console.log(`  state         ${stateFile ? path.resolve(stateFile) : 'in memory only'}; ${simulator.state.orderCount} orders`);
if (values.demo) console.log(`  demo          plant 1710, ${orderIntervalMs > 0 ? `a new order every ${orderIntervalMs} ms` : 'no new orders'}`);

stopOnSignals('SAP simulator', () => simulator.close());

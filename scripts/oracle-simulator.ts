// Runs the Oracle Fusion Cloud simulator (REST resources for work orders,
// material/operation/staged transactions, quality issues, item structures,
// on-hand balances and FBDI journal import) for the demo and manual testing.
// Thin entry point: options in, lib/erp/simulator does the work.
import path from 'node:path';
import { getEnv } from '@/lib/env';
import { startOracleSimulator } from '@/lib/erp/simulator/oracle-simulator';
import { integerOption, logCliRequest, parseCliOptions, stopOnSignals } from '@/lib/erp/simulator/sim-cli';

const HELP = `Usage: npm run oracle-sim -- [options]

Starts a simulated Oracle Fusion Cloud pod on 127.0.0.1 serving
/fscmRestApi/resources/11.13.18.05/{workOrders, materialTransactions,
operationTransactions, inventoryStagedTransactions, inventoryCompletedTransactions,
qualityIssues, itemStructures, inventoryOnhandBalances, erpintegrations,
journalBatches} with Basic or bearer auth (OAuth token endpoint /oauth2/v1/token),
ETag/If-Match and both error formats, plus a control API under /_sim/
(workOrders, onhand, structures, periods, faults, stats, documents, reset).

Options:
  --port <n>             port to listen on (default ORACLE_SIM_PORT, 4020; 0 = any free port)
  --user <name>          integration user (default ORACLE_USER, INTERLOCK)
  --password <secret>    its password (default ORACLE_PASSWORD)
  --state-file <path>    keep the pod's data across restarts in this JSON file
                         (default with --demo: <DATA_DIR>/oracle-sim.json; otherwise none)
  --demo                 seed organization M1 with work orders, an item structure and on-hand stock
  --ess-delay <ms>       how long a Journal Import job runs (default 0)
  --quiet                do not log each request
  -h, --help             show this help

Examples:
  npm run oracle-sim -- --demo
  curl -u INTERLOCK:interlock-demo -H 'REST-Framework-Version: 4' \\
    "localhost:4020/fscmRestApi/resources/11.13.18.05/workOrders?q=OrganizationCode='M1'"
  curl -X POST localhost:4020/_sim/faults -H 'content-type: application/json' -d '{"failNext":{"count":1,"status":503}}'`;

const values = parseCliOptions(
  {
    port: { type: 'string' },
    user: { type: 'string' },
    password: { type: 'string' },
    'state-file': { type: 'string' },
    demo: { type: 'boolean', default: false },
    'ess-delay': { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  HELP,
);

const env = getEnv();
const stateFile = values['state-file'] ?? (values.demo ? path.join(env.DATA_DIR, 'oracle-sim.json') : undefined);
const simulator = await startOracleSimulator({
  port: integerOption('port', values.port, env.ORACLE_SIM_PORT, 0, 65_535),
  user: values.user ?? env.ORACLE_USER,
  password: values.password ?? env.ORACLE_PASSWORD,
  stateFile: stateFile ? path.resolve(stateFile) : undefined,
  demo: values.demo,
  essDelayMs: integerOption('ess-delay', values['ess-delay'], 0, 0, 600_000),
  onRequest: values.quiet ? undefined : logCliRequest,
});

console.log(`Oracle Fusion simulator listening on ${simulator.url}`);
console.log(`  resources     ${simulator.resourceRoot}/ (user ${values.user ?? env.ORACLE_USER}, REST-Framework-Version ${simulator.config.restFrameworkVersion} expected)`);
console.log(`  OAuth tokens  ${simulator.url}/oauth2/v1/token (client credentials = user and password)`);
console.log(`  control API   ${simulator.url}/_sim/{workOrders,onhand,structures,periods,faults,stats,documents,reset}`);
console.log(`  state         ${stateFile ? path.resolve(stateFile) : 'in memory only'}; ${simulator.state.data.workOrders.length} work orders`);

stopOnSignals('Oracle simulator', () => simulator.close());

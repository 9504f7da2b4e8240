// Runs the Oracle Fusion Cloud simulator (REST resources for work orders,
// material/operation/staged transactions, quality issues, item structures,
// on-hand balances and FBDI journal import) for the demo and manual testing.
// Thin entry point: options in, lib/erp/simulator does the work.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getEnv } from '@/lib/env';
import { startOracleSimulator } from '@/lib/erp/simulator/oracle-simulator';

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

function fail(message: string): never {
  console.error(`${message}\n\nRun with --help for the options.`);
  process.exit(1);
}

function integer(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) fail(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return Number(value);
}

function parseOptions() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        'state-file': { type: 'string' },
        demo: { type: 'boolean', default: false },
        'ess-delay': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

const { values } = parseOptions();
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const env = getEnv();
const stateFile = values['state-file'] ?? (values.demo ? path.join(env.DATA_DIR, 'oracle-sim.json') : undefined);
const simulator = await startOracleSimulator({
  port: integer('port', values.port, env.ORACLE_SIM_PORT, 0, 65_535),
  user: values.user ?? env.ORACLE_USER,
  password: values.password ?? env.ORACLE_PASSWORD,
  stateFile: stateFile ? path.resolve(stateFile) : undefined,
  demo: values.demo,
  essDelayMs: integer('ess-delay', values['ess-delay'], 0, 0, 600_000),
  onRequest: values.quiet
    ? undefined
    : (entry) => {
        // One line a request; the entry holds no credentials.
        const status = entry.status === -1 ? 'DROPPED' : String(entry.status);
        let target = entry.target;
        try {
          target = decodeURIComponent(target);
        } catch {
          // Malformed escapes: log the target as it came.
        }
        console.log(`${entry.at} ${entry.method} ${target} ${status} ${entry.ms}ms`);
      },
});

console.log(`Oracle Fusion simulator listening on ${simulator.url}`);
console.log(`  resources     ${simulator.resourceRoot}/ (user ${values.user ?? env.ORACLE_USER}, REST-Framework-Version ${simulator.config.restFrameworkVersion} expected)`);
console.log(`  OAuth tokens  ${simulator.url}/oauth2/v1/token (client credentials = user and password)`);
console.log(`  control API   ${simulator.url}/_sim/{workOrders,onhand,structures,periods,faults,stats,documents,reset}`);
console.log(`  state         ${stateFile ? path.resolve(stateFile) : 'in memory only'}; ${simulator.state.data.workOrders.length} work orders`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) process.exit(1);
  stopping = true;
  console.log(`${signal}: stopping the Oracle simulator`);
  try {
    await simulator.close();
    process.exit(0);
  } catch (error) {
    console.error('could not stop cleanly', error);
    process.exit(1);
  }
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

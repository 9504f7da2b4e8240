// Command-line plumbing shared by scripts/erp-simulator.ts and
// scripts/oracle-simulator.ts: option parsing with --help, whole-number
// options, the one-line request log and a clean stop on SIGINT/SIGTERM.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type CliOptionsConfig = NonNullable<ParseArgsConfig['options']>;

export function failCli(message: string): never {
  console.error(`${message}\n\nRun with --help for the options.`);
  process.exit(1);
}

/** Parses argv strictly; prints help and exits on --help, fails with a hint on bad options. */
export function parseCliOptions<const O extends CliOptionsConfig>(options: O, help: string) {
  let parsed;
  try {
    parsed = parseArgs({ options, strict: true, allowPositionals: false });
  } catch (error) {
    failCli(error instanceof Error ? error.message : String(error));
  }
  if ((parsed.values as { help?: unknown }).help === true) {
    console.log(help);
    process.exit(0);
  }
  return parsed.values;
}

export function integerOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) failCli(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return Number(value);
}

export interface CliRequestEntry {
  at: string;
  method: string;
  target: string;
  /** -1 when the connection was dropped. */
  status: number;
  ms: number;
}

/** One line a request; the entry holds no credentials, tokens or cookie values. */
export function logCliRequest(entry: CliRequestEntry): void {
  const status = entry.status === -1 ? 'DROPPED' : String(entry.status);
  let target = entry.target;
  try {
    target = decodeURIComponent(target);
  } catch {
    // Malformed escapes: log the target as it came.
  }
  console.log(`${entry.at} ${entry.method} ${target} ${status} ${entry.ms}ms`);
}

/** Closes the simulator on SIGINT/SIGTERM; name is e.g. "SAP simulator". */
export function stopOnSignals(name: string, close: () => Promise<void>): void {
  let stopping = false;
  async function stop(signal: string): Promise<void> {
    if (stopping) {
      // A second Ctrl-C means "now".
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: stopping the ${name}`);
    try {
      await close();
      process.exit(0);
    } catch (error) {
      console.error('could not stop cleanly', error);
      process.exit(1);
    }
  }
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

// Command-line helpers the scripts share (not a script itself): one way to
// stop on bad input, and the option parsers whose messages must read alike.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type Fail = (message: string) => never;

/** `\n\nRun \`npm run <command> -- --help\` for usage.`, for appending to an error. */
export const usageHint = (command: string): string => `\n\nRun \`npm run ${command} -- --help\` for usage.`;

/** Prints `<script>: <message><suffix>` to stderr and exits 1. */
export function failer(script: string, suffix = ''): Fail {
  return (message) => {
    console.error(`${script}: ${message}${suffix}`);
    process.exit(1);
  };
}

/** parseArgs, with an unknown or malformed option reported through fail (plus the suffix) instead of a stack trace. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T, fail: Fail, suffix = ''): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}${suffix}`);
  }
}

/** An integer option of at least min; the fallback when absent. */
export function integerOption(fail: Fail, name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer ≥ ${min}, got '${value}'`);
  return n;
}

/** A positive number option; undefined when absent. */
export function positiveOption(fail: Fail, name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number, got '${value}'`);
  return n;
}

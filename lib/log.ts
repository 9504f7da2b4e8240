// One-line structured logs: `time level scope message key=value…`.
import { getEnv } from '@/lib/env';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

function fmt(v: unknown): string {
  if (typeof v === 'string') return /\s/.test(v) ? JSON.stringify(v) : v;
  if (v instanceof Error) return JSON.stringify(v.message);
  return JSON.stringify(v);
}

export function createLogger(scope: string) {
  const write = (level: Level, message: string, fields?: Record<string, unknown>) => {
    let min: Level = 'info';
    try {
      min = getEnv().LOG_LEVEL;
    } catch {
      // configuration errors are reported elsewhere; keep logging
    }
    if (LEVELS[level] < LEVELS[min]) return;
    const extra = fields ? ' ' + Object.entries(fields).map(([k, v]) => `${k}=${fmt(v)}`).join(' ') : '';
    const line = `${new Date().toISOString()} ${level.padEnd(5)} ${scope}: ${message}${extra}`;
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
  };
  return {
    debug: (m: string, f?: Record<string, unknown>) => write('debug', m, f),
    info: (m: string, f?: Record<string, unknown>) => write('info', m, f),
    warn: (m: string, f?: Record<string, unknown>) => write('warn', m, f),
    error: (m: string, f?: Record<string, unknown>) => write('error', m, f),
  };
}
export type Logger = ReturnType<typeof createLogger>;

// The only reader of process.env. Every value is validated once, with a message
// that says which variable is wrong and what it should look like.
import { z } from 'zod';

const url = (name: string) =>
  z.string().refine((v) => URL.canParse(v), { message: `${name} must be a URL, e.g. http://127.0.0.1:4010` });

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgresql://')
    .optional(),
  NEXTAUTH_URL: url('NEXTAUTH_URL').default('http://localhost:3000'),
  NEXTAUTH_SECRET: z.string().min(32, 'NEXTAUTH_SECRET must be at least 32 characters').optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SAP_BASE_URL: url('SAP_BASE_URL').default('http://127.0.0.1:4010'),
  SAP_USER: z.string().min(1).default('INTERLOCK'),
  SAP_PASSWORD: z.string().min(1).default('interlock-demo'),
  SAP_CLIENT: z.string().regex(/^\d{3}$/, 'SAP_CLIENT must be three digits, e.g. 100').default('100'),
  SAP_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  ERP_SIM_PORT: z.coerce.number().int().min(1).max(65535).default(4010),
  ERP_SYNC_INTERVAL_MS: z.coerce.number().int().min(500).default(10_000),
  /** How long a worker's claim on a posting holds before another may treat it as in doubt. */
  POSTING_LEASE_MS: z.coerce.number().int().min(1000).default(120_000),
  POSTING_RETRY_BASE_MS: z.coerce.number().int().min(10).default(2_000),
  POSTING_RETRY_CAP_MS: z.coerce.number().int().min(100).default(300_000),
  POSTING_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(6),
  /** How often the worker looks for postings whose job was lost (a killed worker). */
  POSTING_SWEEP_INTERVAL_MS: z.coerce.number().int().min(200).default(10_000),
  MODELS_DIR: z.string().default('models'),
  /** Where ../shared/erp-contracts lives; found by walking up from the working directory when unset. */
  ERP_CONTRACTS_DIR: z.string().optional(),
  DATA_DIR: z.string().default('.data'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  PLAYWRIGHT_CHROMIUM: z.string().default('/usr/bin/chromium'),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function formatEnvErrors(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
}

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid configuration:\n${formatEnvErrors(parsed.error)}`);
  }
  cached = parsed.data;
  return cached;
}

/** Tests that start servers on random ports change the environment after start-up. */
export function resetEnvCache(): void {
  cached = undefined;
}

export function requireDatabaseUrl(): string {
  const { DATABASE_URL } = getEnv();
  if (!DATABASE_URL) {
    throw new Error('DATABASE_URL is not set. `npm start` sets it for the embedded database; set it to use a server.');
  }
  return DATABASE_URL;
}

/** Environment for a child process started by one of our scripts. */
export function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}

/** Test helpers read a few variables that only exist under the test runner. */
export function getTestEnv() {
  return z
    .object({
      TEST_DATABASE_URL: z.string().optional(),
      E2E_BASE_URL: z.string().optional(),
      CI: z.string().optional(),
    })
    .parse(process.env);
}

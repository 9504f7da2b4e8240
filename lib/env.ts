// The only reader of process.env. Every value is validated once, with a message
// that says which variable is wrong and what it should look like.
import { z } from 'zod';
import { roleMappingSchema } from '@/lib/auth/map-external-roles';

const url = (name: string) =>
  z.string().refine((v) => URL.canParse(v), { message: `${name} must be a URL, e.g. http://127.0.0.1:4010` });

/** A browser origin: scheme, host and port only, as CSP and postMessage compare them. */
export function isOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const u = new URL(value);
  return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === value;
}

const originList = (name: string) =>
  z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      for (const o of v.split(/\s+/).filter(Boolean)) {
        if (!isOrigin(o)) {
          ctx.addIssue({ code: 'custom', message: `${name}: "${o}" is not an origin; write scheme://host[:port] with no path, e.g. https://gateway.plant.local:8043` });
        }
      }
    })
    .transform((v) => [...new Set(v.split(/\s+/).filter(Boolean))]);

const roleMappingJson = (name: string) =>
  z
    .string()
    .default('{}')
    .transform((v, ctx) => {
      try {
        return JSON.parse(v) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `${name} must be JSON, e.g. {"plant-supervisors":"SUPERVISOR"}` });
        return z.NEVER;
      }
    })
    .pipe(roleMappingSchema);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgresql://')
    .optional(),
  NEXTAUTH_URL: url('NEXTAUTH_URL').default('http://localhost:3000'),
  NEXTAUTH_SECRET: z.string().min(32, 'NEXTAUTH_SECRET must be at least 32 characters').optional(),
  // ── Ignition: signed event batches, Perspective embedding, single sign-on ──
  /** Origins allowed to frame the console (Perspective gateways), space-separated, e.g. "https://gw1.plant.local:8043 https://gw2.plant.local:8043". */
  FRAME_ANCESTORS: originList('FRAME_ANCESTORS'),
  /** "true": every gateway must sign its event batches; "false" (default): those with a signing secret must. */
  IGNITION_REQUIRE_SIGNATURES: z
    .enum(['true', 'false'], { message: 'IGNITION_REQUIRE_SIGNATURES must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  /** The `aud` a Perspective launch token must carry. */
  LAUNCH_TOKEN_AUDIENCE: z.string().trim().min(1).max(200).default('interlock'),
  /** An OpenID Connect identity provider for plants whose Ignition signs in through one (all three set, or none). */
  OIDC_ISSUER: url('OIDC_ISSUER').optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).max(60).default('Single sign-on'),
  /** The ID-token claim holding the user's roles (a list or a string); dots go into nested claims, e.g. realm_access.roles. */
  OIDC_ROLE_CLAIM: z.string().regex(/^[\w-]+(\.[\w-]+)*$/, 'OIDC_ROLE_CLAIM must be a claim name, e.g. roles or realm_access.roles').default('roles'),
  /** IdP role → Interlock role, as JSON, e.g. {"plant-supervisors":"SUPERVISOR"}. */
  OIDC_ROLE_MAPPING: roleMappingJson('OIDC_ROLE_MAPPING'),
  /** Sites a user provisioned through the IdP may see, comma-separated. */
  OIDC_SITES: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SAP_BASE_URL: url('SAP_BASE_URL').default('http://127.0.0.1:4010'),
  SAP_USER: z.string().min(1).default('INTERLOCK'),
  SAP_PASSWORD: z.string().min(1).default('interlock-demo'),
  SAP_CLIENT: z.string().regex(/^\d{3}$/, 'SAP_CLIENT must be three digits, e.g. 100').default('100'),
  SAP_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  // ── ERP connectors (lib/erp): SAP OAuth option and limits, Oracle Fusion ──
  /** basic (SAP_USER/SAP_PASSWORD, the communication user) or oauth2 (client credentials, SAP_OAUTH_*). */
  SAP_AUTH: z.enum(['basic', 'oauth2'], { message: 'SAP_AUTH must be basic or oauth2' }).default('basic'),
  SAP_OAUTH_TOKEN_URL: url('SAP_OAUTH_TOKEN_URL').optional(),
  SAP_OAUTH_CLIENT_ID: z.string().min(1).optional(),
  SAP_OAUTH_CLIENT_SECRET: z.string().min(1).optional(),
  SAP_OAUTH_SCOPE: z.string().min(1).optional(),
  /** Most HTTP calls in flight to the SAP system, across all its services. */
  SAP_MAX_CONCURRENT: z.coerce.number().int().min(1).max(64).default(4),
  /** Company code for journal entries that name none; the site (plant) id when unset. */
  SAP_COMPANY_CODE: z.string().regex(/^[A-Z0-9]{1,4}$/, 'SAP_COMPANY_CODE must be 1-4 letters or digits, e.g. 1710').optional(),
  ORACLE_BASE_URL: url('ORACLE_BASE_URL').default('http://127.0.0.1:4020'),
  /** basic (ORACLE_USER/ORACLE_PASSWORD), bearer (ORACLE_TOKEN) or oauth2 (client credentials, ORACLE_OAUTH_*). */
  ORACLE_AUTH: z.enum(['basic', 'bearer', 'oauth2'], { message: 'ORACLE_AUTH must be basic, bearer or oauth2' }).default('basic'),
  ORACLE_USER: z.string().min(1).default('INTERLOCK'),
  ORACLE_PASSWORD: z.string().min(1).default('interlock-demo'),
  ORACLE_TOKEN: z.string().min(1).optional(),
  ORACLE_OAUTH_TOKEN_URL: url('ORACLE_OAUTH_TOKEN_URL').optional(),
  ORACLE_OAUTH_CLIENT_ID: z.string().min(1).optional(),
  ORACLE_OAUTH_CLIENT_SECRET: z.string().min(1).optional(),
  ORACLE_OAUTH_SCOPE: z.string().min(1).optional(),
  ORACLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  ORACLE_MAX_CONCURRENT: z.coerce.number().int().min(1).max(64).default(4),
  ORACLE_REST_FRAMEWORK_VERSION: z.string().regex(/^[1-9]$/, 'ORACLE_REST_FRAMEWORK_VERSION must be 1-9').default('4'),
  /** Journal Import: ledger, data access set and journal source of the pod [verify per pod]. */
  ORACLE_LEDGER_ID: z.string().regex(/^\d+$/, 'ORACLE_LEDGER_ID must be the numeric ledger id').optional(),
  ORACLE_DATA_ACCESS_SET_ID: z.string().regex(/^\d+$/, 'ORACLE_DATA_ACCESS_SET_ID must be numeric').optional(),
  ORACLE_JOURNAL_SOURCE: z.string().min(1).max(25).optional(),
  ORACLE_SIM_PORT: z.coerce.number().int().min(1).max(65535).default(4020),
  /** How long a new ERP document may stay unreadable after its create before the adapter stops waiting for it. */
  ERP_READ_BACK_SETTLE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  ERP_SIM_PORT: z.coerce.number().int().min(1).max(65535).default(4010),
  ERP_SYNC_INTERVAL_MS: z.coerce.number().int().min(500).default(10_000),
  /** Materials, BOMs and stock mirrored from the ERP this often; 0 turns the schedule off (on demand only). */
  ERP_MASTER_DATA_SYNC_INTERVAL_MS: z.coerce.number().int().min(0).default(900_000),
  /** How long a worker's claim on a posting holds before another may treat it as in doubt. */
  POSTING_LEASE_MS: z.coerce.number().int().min(1000).default(120_000),
  POSTING_RETRY_BASE_MS: z.coerce.number().int().min(10).default(2_000),
  POSTING_RETRY_CAP_MS: z.coerce.number().int().min(100).default(300_000),
  POSTING_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(6),
  /** How often the worker looks for postings whose job was lost (a killed worker). */
  POSTING_SWEEP_INTERVAL_MS: z.coerce.number().int().min(200).default(10_000),
  MODELS_DIR: z.string().default('models'),
  /** The worker retrains models from labelled decisions into shadow this often (hours); 0 turns it off. */
  RETRAIN_INTERVAL_HOURS: z.coerce.number({ message: 'RETRAIN_INTERVAL_HOURS must be a number of hours, e.g. 24 (0 = off)' }).min(0).max(500).default(24),
  /** New labelled examples since the newest model version was trained that a retraining needs. */
  RETRAIN_MIN_NEW_LABELS: z.coerce.number({ message: 'RETRAIN_MIN_NEW_LABELS must be a whole number, e.g. 50' }).int().min(1).default(50),
  /** Where ../shared/erp-contracts lives; found by walking up from the working directory when unset. */
  ERP_CONTRACTS_DIR: z.string().optional(),
  DATA_DIR: z.string().default('.data'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  PLAYWRIGHT_CHROMIUM: z.string().default('/usr/bin/chromium'),
  // MQTT ingest (scripts/ingest-mqtt.ts): plain JSON events and the Sparkplug B host application.
  MQTT_URL: z
    .string()
    .regex(/^mqtts?:\/\/[^/]+/, 'MQTT_URL must look like mqtt://127.0.0.1:1883')
    .default('mqtt://127.0.0.1:1883'),
  /** The persistent session's client id; when unset, one derived from DATA_DIR (stable per installation). */
  MQTT_CLIENT_ID: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'MQTT_CLIENT_ID must be 1-64 letters, digits, _ or -').optional(),
  /** Sites the JSON topics (ignition/<site>/events/<type>) may report for, comma-separated. */
  MQTT_ALLOWED_SITES: z
    .string()
    .regex(/^\s*[^,\s]+(\s*,\s*[^,\s]+)*\s*$/, 'MQTT_ALLOWED_SITES must be a comma-separated list of site codes, e.g. 1710,1720')
    .default('1710'),
  /** The gateway name stored with events that arrive as plain JSON over MQTT. */
  MQTT_GATEWAY: z.string().min(1).max(60).default('ign-mqtt'),
  /** Prepended to the JSON topics: isolates test and bench runs on a shared broker (Sparkplug runs are isolated by group and host id). */
  MQTT_TOPIC_PREFIX: z.string().regex(/^([^#+]*\/)?$/, 'MQTT_TOPIC_PREFIX must be empty or end with "/" and hold no wildcards').default(''),
  // ── Write-back to Ignition (lib/ignition/write-back): status on MQTT, WebDev, audit mirror ──
  /** "false" turns the worker's write-back loop off (MQTT, WebDev and the audit mirror). */
  IGNITION_WRITE_BACK: z
    .enum(['true', 'false'], { message: 'IGNITION_WRITE_BACK must be true or false' })
    .default('true')
    .transform((v) => v === 'true'),
  IGNITION_WRITE_BACK_MQTT_URL: z
    .string()
    .regex(/^mqtts?:\/\/[^/]+/, 'IGNITION_WRITE_BACK_MQTT_URL must look like mqtt://127.0.0.1:1883')
    .default('mqtt://127.0.0.1:1883'),
  /** First topic level of the retained status messages: <prefix>/<site>/recommendations/<id> and <prefix>/<site>/orders/<erpOrderId>. */
  IGNITION_WRITE_BACK_TOPIC_PREFIX: z
    .string()
    .regex(/^[^#+/]+(\/[^#+/]+)*$/, 'IGNITION_WRITE_BACK_TOPIC_PREFIX must be topic levels without wildcards or a trailing "/", e.g. interlock')
    .default('interlock'),
  /** How often the worker looks for changed recommendations and new audit events. */
  IGNITION_WRITE_BACK_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(1_000),
  /** An Ignition WebDev endpoint that also receives each status message as a JSON POST; off when unset. */
  IGNITION_WEBDEV_URL: url('IGNITION_WEBDEV_URL').optional(),
  /** The database of an Ignition audit profile that mirrors every Interlock audit event; off when unset. */
  IGNITION_AUDIT_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'IGNITION_AUDIT_DATABASE_URL must start with postgresql://')
    .optional(),
  /** The audit profile's table (AUDIT_EVENTS columns); a table of its own, since Interlock sets AUDIT_EVENTS_ID to its audit seq. */
  IGNITION_AUDIT_TABLE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/, 'IGNITION_AUDIT_TABLE must be a table name, optionally schema-qualified, e.g. INTERLOCK_AUDIT_EVENTS')
    .default('INTERLOCK_AUDIT_EVENTS'),
  /** "true" (default): create the audit table when it is missing. */
  IGNITION_AUDIT_CREATE_TABLE: z
    .enum(['true', 'false'], { message: 'IGNITION_AUDIT_CREATE_TABLE must be true or false' })
    .default('true')
    .transform((v) => v === 'true'),
  SPARKPLUG_HOST_ID: z.string().regex(/^[^/#+]{1,64}$/, 'SPARKPLUG_HOST_ID must be 1-64 characters without / # +').default('interlock'),
  /** Tag-path → plant-event mapping (JSON); see lib/ignition/sparkplug/mapping.schema.ts. */
  SPARKPLUG_MAPPING_FILE: z.string().default('lib/ignition/sparkplug/default-mapping.json'),
  /** How long the host waits for a missing seq before asking the edge node to rebirth. */
  SPARKPLUG_REORDER_TIMEOUT_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),
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

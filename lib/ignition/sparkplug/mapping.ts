// Compiles a tag-path mapping (mapping.schema.ts) into matchers, and builds the
// plant event a rule describes from the host's current metric values.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { sparkplugMappingSchema, type MappingRule, type SparkplugMapping } from '@/lib/ignition/sparkplug/mapping.schema';
import { DataType, type MetricValue } from '@/lib/ignition/sparkplug/codec';

export interface MetricMatch {
  rule: number;
  /** Captured variables, as they appear in the tag path. */
  vars: Record<string, string>;
  /** A stable key of the rule instance: rule id plus its variables. */
  instance: string;
}

export interface KnownMetric {
  value: MetricValue;
  datatype: number | null;
  timestamp: number | null;
}

export interface CompiledMapping {
  readonly groups: string[];
  siteOf(group: string): string | null;
  /** The rule instances a metric name takes part in (memoised: names repeat for the life of a birth). */
  match(name: string): MetricMatch[];
  /** The metric names a rule instance reads, by event field. */
  metricNames(m: MetricMatch): Record<string, string>;
  /** The event's own fields (without id, ts, site); or the required metrics that have no value yet. */
  buildFields(m: MetricMatch, lookup: (name: string) => KnownMetric | undefined): { fields: Record<string, unknown> } | { missing: string[] };
  /** The work center a rule instance reports on, if its event has one. */
  workCenterOf(m: MetricMatch): string | null;
  readonly rules: readonly MappingRule[];
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileTemplate(template: string): RegExp {
  let source = '';
  let last = 0;
  for (const m of template.matchAll(/\{([a-z_][a-z0-9_]*)\}/g)) {
    source += escapeRegex(template.slice(last, m.index)) + `(?<${m[1]}>[^/]+)`;
    last = m.index + m[0].length;
  }
  source += escapeRegex(template.slice(last));
  return new RegExp(`^${source}$`);
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{([a-z_][a-z0-9_]*)\}/g, (_, v: string) => vars[v] ?? '');
}

/** A metric value as an event field: DateTime metrics become ISO times; others keep their JSON type. */
function fieldValue(known: KnownMetric): unknown {
  if (known.value === null) return null;
  if (known.datatype === DataType.DateTime && typeof known.value === 'number') return new Date(known.value).toISOString();
  if (known.value instanceof Uint8Array) return null;
  return known.value;
}

export function compileMapping(input: unknown): CompiledMapping {
  const mapping: SparkplugMapping = sparkplugMappingSchema.parse(input);
  const matchers = mapping.rules.map((rule, index) => ({
    index,
    rule,
    id: rule.id ?? rule.type,
    metrics: Object.entries(rule.metrics).map(([field, template]) => ({ field, template, regex: compileTemplate(template) })),
  }));
  const cache = new Map<string, MetricMatch[]>();
  const translate = (vars: Record<string, string>) => Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, mapping.translate[k]?.[v] ?? v]));

  const compiled: CompiledMapping = {
    groups: Object.keys(mapping.groups),
    rules: mapping.rules,
    siteOf: (group) => mapping.groups[group]?.site ?? null,
    match(name) {
      const hit = cache.get(name);
      if (hit) return hit;
      const found: MetricMatch[] = [];
      for (const m of matchers) {
        for (const metric of m.metrics) {
          const r = metric.regex.exec(name);
          if (!r) continue;
          const vars = { ...(r.groups ?? {}) };
          const instance = `${m.id}|${Object.keys(vars)
            .sort()
            .map((k) => `${k}=${vars[k]}`)
            .join('|')}`;
          found.push({ rule: m.index, vars, instance });
          break;
        }
      }
      // Bounded: a node that reports ever-new names must not grow this forever.
      if (cache.size > 100_000) cache.clear();
      cache.set(name, found);
      return found;
    },
    metricNames(m) {
      return Object.fromEntries(matchers[m.rule].metrics.map((x) => [x.field, fill(x.template, m.vars)]));
    },
    buildFields(m, lookup) {
      const rule = matchers[m.rule];
      const fields: Record<string, unknown> = {};
      const missing: string[] = [];
      for (const metric of rule.metrics) {
        const name = fill(metric.template, m.vars);
        const known = lookup(name);
        if (!known || known.value === null) {
          if (!rule.rule.optional.includes(metric.field)) missing.push(name);
          continue;
        }
        fields[metric.field] = fieldValue(known);
      }
      if (missing.length) return { missing };
      const vars = translate(m.vars);
      for (const [field, template] of Object.entries(rule.rule.fields)) fields[field] = fill(template, vars);
      return { fields };
    },
    workCenterOf(m) {
      const t = matchers[m.rule].rule.fields.work_center;
      return t ? fill(t, translate(m.vars)) : null;
    },
  };
  return compiled;
}

/** Reads and validates a mapping file; the error names the file and the bad fields. */
export function loadMappingFile(file: string): CompiledMapping {
  const full = path.resolve(file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(full, 'utf8'));
  } catch (e) {
    throw new Error(`Sparkplug mapping ${full}: ${(e as Error).message}`);
  }
  try {
    return compileMapping(json);
  } catch (e) {
    const issues = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
    throw new Error(`Sparkplug mapping ${full} is invalid:\n${issues ? issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n') : (e as Error).message}`);
  }
}

/**
 * The event id of a rule instance in one Sparkplug message. Deterministic in
 * (group, node, device, bdSeq, seq, rule instance, metric time): a message
 * delivered twice gives the same ids, so the second is a duplicate. The metric
 * time is part of it because seq wraps every 256 messages and bdSeq every 256
 * connections: without it, a later message would collide with an earlier one.
 */
export function sparkplugEventId(k: { group: string; node: string; device: string; bdSeq: number; seq: number; instance: string; ts: number }): string {
  const h = createHash('sha1').update(`${k.group}\u0000${k.node}\u0000${k.device}\u0000${k.instance}`).digest('hex').slice(0, 16);
  return `spb:${k.bdSeq}:${k.seq}:${k.ts}:${h}`;
}

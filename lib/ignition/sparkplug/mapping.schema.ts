// The configuration that turns Sparkplug metric names (Ignition tag paths) into
// plant events. Client-safe: only the shape, validated with zod.
import { z } from 'zod';

const VAR = /\{([a-z_][a-z0-9_]*)\}/g;

/** The `{variable}` names in a template, in order. */
export function templateVariables(template: string): string[] {
  return [...template.matchAll(VAR)].map((m) => m[1]);
}

const template = z.string().min(1).max(300);

export const mappingRuleSchema = z
  .object({
    /** Names the rule in event ids; defaults to the event type. Unique per mapping. */
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/).optional(),
    type: z.enum(['machine_state', 'oee_snapshot', 'operator_shift', 'inventory_scan', 'material_consumption', 'production_confirmation', 'scrap_ticket', 'quality_defect', 'order_status']),
    /** Event field → metric name template, e.g. "state": "{line}/{work_center}/State". A change of any of them emits the event. */
    metrics: z.record(z.string().regex(/^[a-z_]+$/), template).refine((m) => Object.keys(m).length > 0, 'a rule needs at least one metric'),
    /** Event field → constant or template over the captured variables, e.g. "location": "LINESIDE:{line}". */
    fields: z.record(z.string().regex(/^[a-z_]+$/), template).default({}),
    /** Metric fields that may be missing (never reported): the event is emitted without them. */
    optional: z.array(z.string()).default([]),
  })
  .superRefine((rule, ctx) => {
    const sets = Object.values(rule.metrics).map((t) => templateVariables(t).sort().join(','));
    if (new Set(sets).size > 1) ctx.addIssue({ code: 'custom', message: 'every metric template of a rule must use the same {variables}', path: ['metrics'] });
    const vars = new Set(sets[0]?.split(',').filter(Boolean));
    for (const [field, t] of Object.entries(rule.fields)) {
      for (const v of templateVariables(t)) if (!vars.has(v)) ctx.addIssue({ code: 'custom', message: `{${v}} is not captured by the metric templates`, path: ['fields', field] });
      if (field in rule.metrics) ctx.addIssue({ code: 'custom', message: `${field} is both a metric and a field`, path: ['fields', field] });
    }
    for (const o of rule.optional) if (!(o in rule.metrics)) ctx.addIssue({ code: 'custom', message: `${o} is not one of the rule's metrics`, path: ['optional'] });
  });

export const sparkplugMappingSchema = z
  .object({
    /** Sparkplug group id → the site its edge nodes report for. The host subscribes to these groups. */
    groups: z.record(z.string().regex(/^[^/+#]+$/, 'a group id holds no / + #'), z.object({ site: z.string().min(1).max(10) })).refine((g) => Object.keys(g).length > 0, 'at least one group'),
    /** Captured value → plant code, per variable, e.g. "line": { "Line1": "L1" }. Values without an entry are used as they are. */
    translate: z.record(z.string(), z.record(z.string(), z.string())).default({}),
    rules: z.array(mappingRuleSchema).min(1),
  })
  .superRefine((m, ctx) => {
    const ids = m.rules.map((r) => r.id ?? r.type);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', message: `rule id ${id} is used twice (give the rules distinct "id"s)`, path: ['rules', i, 'id'] });
    });
  });

export type SparkplugMapping = z.infer<typeof sparkplugMappingSchema>;
export type MappingRule = z.infer<typeof mappingRuleSchema>;

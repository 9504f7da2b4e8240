import { formatPercent } from '@/components/ui/format';
import type { PolicyValues } from '@/lib/policies/types';

const FIELDS = [
  { key: 'mode', label: 'Mode', show: (v: PolicyValues) => v.mode },
  { key: 'autoThreshold', label: 'Auto-release at ≥', show: (v: PolicyValues) => formatPercent(v.autoThreshold) },
  { key: 'atRiskThreshold', label: 'At risk below', show: (v: PolicyValues) => formatPercent(v.atRiskThreshold) },
] as const;

/** A policy change value by value: what changes as "from → to", what stays as it is, dimmed. */
export function ChangeValues({ from, to }: { from: PolicyValues; to: PolicyValues }) {
  return (
    <dl className="facts" data-testid="policy-change-values">
      {FIELDS.map((f) => {
        const changed = from[f.key] !== to[f.key];
        return (
          <div key={f.key} data-field={f.key} data-changed={changed}>
            <dt>{f.label}</dt>
            <dd className={changed ? undefined : 'muted'} style={changed ? undefined : { fontWeight: 400 }}>
              {changed ? (
                <>
                  {f.show(from)} → <strong>{f.show(to)}</strong>
                </>
              ) : (
                <>{f.show(to)} (unchanged)</>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

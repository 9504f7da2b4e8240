// How a policy change reads in one line, for the audit trail's signature
// meaning and for the console. Pure and client-safe.
import type { PolicyValues } from '@/lib/policies/types';

// As the policies table writes them: 90%, 92.5%.
const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;

/** "SUPERVISED → AUTO, auto-release 90% → 85%": only what changes. */
export function describePolicyChange(from: PolicyValues, to: PolicyValues): string {
  const parts: string[] = [];
  if (from.mode !== to.mode) parts.push(`${from.mode} → ${to.mode}`);
  if (from.autoThreshold !== to.autoThreshold) parts.push(`auto-release ${pct(from.autoThreshold)} → ${pct(to.autoThreshold)}`);
  if (from.atRiskThreshold !== to.atRiskThreshold) parts.push(`at risk below ${pct(from.atRiskThreshold)} → ${pct(to.atRiskThreshold)}`);
  return parts.length > 0 ? parts.join(', ') : 'no change';
}

/** Whether the values differ at all: a request that changes nothing is refused. */
export function isSamePolicy(a: PolicyValues, b: PolicyValues): boolean {
  return a.mode === b.mode && a.autoThreshold === b.autoThreshold && a.atRiskThreshold === b.atRiskThreshold;
}

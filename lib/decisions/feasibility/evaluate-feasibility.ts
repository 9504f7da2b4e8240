// The feasibility engine's pure core: hard rules over a floor snapshot, the
// model's on-time probability, and the contract's status rules (product.md).
import type { Evidence, EvidenceRow, FeasibilityVerdict, Finding, RecommendedAction } from '@/lib/recommendations/types';
import { DEFAULT_OEE, plannedHours, type FeasibilityFeatureInput, type MachineStateName } from '@/lib/decisions/feasibility/features';

export interface ComponentSnapshot {
  material: string;
  required: number;
  uom: string;
  lineside: number;
  storage: number;
  /** Receipts expected, soonest first. */
  receipts: { quantity: number; dueAt: Date }[];
}

export interface FloorSnapshot {
  now: Date;
  order: {
    orderId: string;
    siteId: string;
    material: string;
    materialKnown: boolean;
    quantity: number;
    dueDate: Date;
    workCenter: string;
    requiredSkill: string | null;
  };
  workCenter: {
    /** Database ids, when the snapshot came from the database (the recommendation links to them). */
    id?: string;
    lineId?: string;
    code: string;
    lineCode: string;
    ratePerHour: number;
    state: MachineStateName;
    reason: string | null;
    expectedUpAt: Date | null;
    oee: number | null;
  } | null;
  queue: { orders: number; hours: number };
  operators: { onShift: { operator: string; skills: string[] }[]; rostered: { operator: string; skills: string[]; from: Date | null }[] };
  /** null when the material has no BOM in the mirror. */
  components: ComponentSnapshot[] | null;
}

export interface FeasibilityResult {
  verdict: FeasibilityVerdict;
  recommendedAction: RecommendedAction;
  score: number;
  confidence: number;
  findings: Finding[];
  earliestStart: Date;
  latestStart: Date;
  evidence: Evidence;
}

/** A release later than this after now is a delay, not a release. */
const DELAY_TOLERANCE_MS = 15 * 60_000;

const fmtQty = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
const fmtTime = (d: Date | null) => (d ? d.toISOString().replace(/:\d\d\.\d{3}Z$/, 'Z') : '—');
const hours = (ms: number) => ms / 3_600_000;

export function featureInputOf(s: FloorSnapshot): FeasibilityFeatureInput {
  const skill = s.order.requiredSkill;
  const holds = (skills: string[]) => (skill ? skills.includes(skill) : true);
  const cover = (pick: (c: ComponentSnapshot) => number) =>
    s.components && s.components.length ? Math.min(...s.components.map((c) => (c.required > 0 ? pick(c) / c.required : 5))) : 5;
  const down = s.workCenter?.state === 'DOWN' || s.workCenter?.state === 'MAINTENANCE';
  return {
    now: s.now,
    dueDate: s.order.dueDate,
    quantity: s.order.quantity,
    ratePerHour: s.workCenter?.ratePerHour ?? 1,
    oee: s.workCenter?.oee ?? null,
    machineState: s.workCenter?.state ?? 'RUNNING',
    hoursUntilUp: down && s.workCenter?.expectedUpAt ? Math.max(0, hours(s.workCenter.expectedUpAt.getTime() - s.now.getTime())) : null,
    queueHours: s.queue.hours,
    wipOrders: s.queue.orders,
    certifiedOperatorsOnShift: s.operators.onShift.filter((o) => holds(o.skills)).length,
    // Everyone certified on the work center's roster, on shift or still to come: the count the model was
    // trained on (simulated-history.ts draws rostered ≥ on shift), not only those not yet clocked in.
    certifiedOperatorsRostered: s.operators.onShift.filter((o) => holds(o.skills)).length + s.operators.rostered.filter((o) => holds(o.skills)).length,
    stockCover: cover((c) => c.lineside + c.storage),
    linesideCover: cover((c) => c.lineside),
  };
}

/**
 * @param onTimeProbability the model's probability of finishing by the due date
 * @param atRiskThreshold below it the order is AT_RISK (policy)
 */
export function evaluateFeasibility(s: FloorSnapshot, onTimeProbability: number, atRiskThreshold: number): FeasibilityResult {
  const findings: Finding[] = [];
  const rows: EvidenceRow[] = [];
  const now = s.now;
  const wc = s.workCenter;
  const work = plannedHours(s.order.quantity, wc?.ratePerHour ?? 1, wc?.oee ?? null);
  const latestStart = new Date(s.order.dueDate.getTime() - work * 3_600_000);
  let earliestStart = now;
  const pushStart = (d: Date) => {
    if (d > earliestStart) earliestStart = d;
  };

  if (!s.order.materialKnown) {
    findings.push({ code: 'UNKNOWN_MATERIAL', severity: 'blocking', subject: s.order.material, message: `Material ${s.order.material} is not known at site ${s.order.siteId}.` });
  }

  // Work center availability.
  if (!wc) {
    findings.push({ code: 'UNKNOWN_WORK_CENTER', severity: 'blocking', subject: s.order.workCenter, message: `Work center ${s.order.workCenter} is not known at site ${s.order.siteId}.` });
    rows.push({ label: `Work center ${s.order.workCenter}`, required: 'available', floor: 'unknown', ok: false });
  } else {
    const down = wc.state === 'DOWN' || wc.state === 'MAINTENANCE';
    const what = wc.state === 'DOWN' ? 'down' : 'in maintenance';
    if (down && (!wc.expectedUpAt || wc.expectedUpAt > latestStart)) {
      findings.push({
        code: wc.state === 'DOWN' ? 'WORK_CENTER_DOWN' : 'WORK_CENTER_MAINTENANCE',
        severity: 'blocking',
        subject: wc.code,
        message: wc.expectedUpAt
          ? `Work center ${wc.code} is ${what}${wc.reason ? ` (${wc.reason})` : ''} until ${fmtTime(wc.expectedUpAt)}, after the latest start ${fmtTime(latestStart)}.`
          : `Work center ${wc.code} is ${what}${wc.reason ? ` (${wc.reason})` : ''} with no expected return.`,
      });
    } else if (down && wc.expectedUpAt) {
      pushStart(wc.expectedUpAt);
      findings.push({
        code: 'WORK_CENTER_BACK_LATER',
        severity: 'warning',
        subject: wc.code,
        message: `Work center ${wc.code} is ${what}${wc.reason ? ` (${wc.reason})` : ''}; expected back at ${fmtTime(wc.expectedUpAt)}, before the latest start.`,
      });
    }
    rows.push({
      label: `Work center ${wc.code}`,
      required: `available by ${fmtTime(latestStart)}`,
      floor: down ? `${wc.state}${wc.expectedUpAt ? ` until ${fmtTime(wc.expectedUpAt)}` : ''}` : wc.state,
      ok: !down || (!!wc.expectedUpAt && wc.expectedUpAt <= latestStart),
    });
    rows.push({ label: 'OEE', required: '—', floor: wc.oee === null ? `unknown (assumed ${DEFAULT_OEE})` : `${Math.round(wc.oee * 100)} %`, ok: true });
  }

  // Certified operator.
  const skill = s.order.requiredSkill;
  if (skill && wc) {
    const onShift = s.operators.onShift.filter((o) => o.skills.includes(skill));
    const rostered = s.operators.rostered
      .filter((o) => o.skills.includes(skill) && (!o.from || o.from <= latestStart))
      .sort((a, b) => (a.from?.getTime() ?? 0) - (b.from?.getTime() ?? 0));
    if (onShift.length > 0) {
      rows.push({ label: `Operator with ${skill}`, required: '1 on shift', floor: onShift.map((o) => o.operator).join(', '), ok: true });
    } else if (rostered.length > 0) {
      const first = rostered[0];
      if (first.from && first.from > now) pushStart(first.from);
      findings.push({
        code: 'OPERATOR_ROSTERED_LATER',
        severity: 'warning',
        subject: skill,
        message: `No operator with ${skill} is on shift at ${wc.code}; ${first.operator} is rostered${first.from ? ` from ${fmtTime(first.from)}` : ''}.`,
      });
      rows.push({ label: `Operator with ${skill}`, required: '1 on shift', floor: `rostered: ${first.operator}`, ok: true });
    } else {
      findings.push({
        code: 'NO_CERTIFIED_OPERATOR',
        severity: 'blocking',
        subject: skill,
        message: `No operator holding ${skill} is on shift or rostered at ${wc.code} before the latest start ${fmtTime(latestStart)}.`,
      });
      rows.push({ label: `Operator with ${skill}`, required: '1 on shift', floor: 'none', ok: false });
    }
  }

  // Components.
  if (s.components === null) {
    if (s.order.materialKnown) {
      findings.push({ code: 'NO_BOM', severity: 'warning', subject: s.order.material, message: `No bill of materials is mirrored for ${s.order.material}: component stock was not checked.` });
    }
  } else {
    for (const c of s.components) {
      const total = c.lineside + c.storage;
      const label = `${c.material} (${c.uom})`;
      if (total >= c.required) {
        if (c.lineside < c.required) {
          findings.push({
            code: 'LINESIDE_SHORT',
            severity: 'warning',
            subject: c.material,
            message: `Material ${c.material} stock at line-side is ${fmtQty(c.lineside)}, a replenishment signal will be sent.`,
          });
        }
        rows.push({ label, required: fmtQty(c.required), floor: `line-side ${fmtQty(c.lineside)}, storage ${fmtQty(c.storage)}`, ok: true });
        continue;
      }
      let covered = total;
      let coveredAt: Date | null = null;
      for (const r of c.receipts) {
        if (r.dueAt > latestStart) break;
        covered += r.quantity;
        if (covered >= c.required) {
          coveredAt = r.dueAt;
          break;
        }
      }
      if (coveredAt) {
        pushStart(coveredAt);
        findings.push({
          code: 'AWAITING_RECEIPT',
          severity: 'warning',
          subject: c.material,
          message: `Material ${c.material} is short by ${fmtQty(c.required - total)} ${c.uom}; a receipt due ${fmtTime(coveredAt)} covers it.`,
        });
        rows.push({ label, required: fmtQty(c.required), floor: `${fmtQty(total)} + receipt ${fmtTime(coveredAt)}`, ok: true });
      } else {
        findings.push({
          code: 'COMPONENT_SHORTAGE',
          severity: 'blocking',
          subject: c.material,
          message: `Material ${c.material} is short: ${fmtQty(total)} ${c.uom} available of ${fmtQty(c.required)} needed, and no receipt is due in time.`,
        });
        rows.push({ label, required: fmtQty(c.required), floor: `line-side ${fmtQty(c.lineside)}, storage ${fmtQty(c.storage)}`, ok: false });
      }
    }
  }

  // Queue and time.
  const finish = new Date(Math.max(now.getTime() + s.queue.hours * 3_600_000, earliestStart.getTime()) + work * 3_600_000);
  rows.push({
    label: 'Queue at work center',
    required: `start by ${fmtTime(latestStart)}`,
    floor: `${s.queue.orders} orders, ${s.queue.hours.toFixed(1)} h`,
    ok: finish <= s.order.dueDate,
  });
  rows.push({ label: 'Planned run time', required: `done by ${fmtTime(s.order.dueDate)}`, floor: `${work.toFixed(1)} h, est. finish ${fmtTime(finish)}`, ok: finish <= s.order.dueDate });

  const blocked = findings.some((f) => f.severity === 'blocking');
  let atRisk = false;
  if (!blocked) {
    if (finish > s.order.dueDate) {
      atRisk = true;
      findings.push({
        code: 'QUEUE_PAST_DUE',
        severity: 'warning',
        subject: s.order.workCenter,
        message: `With ${s.queue.hours.toFixed(1)} h queued ahead and ${work.toFixed(1)} h of work, the order would finish at ${fmtTime(finish)}, after its due date.`,
      });
    }
    if (onTimeProbability < atRiskThreshold) {
      atRisk = true;
      findings.push({
        code: 'LOW_ON_TIME_PROBABILITY',
        severity: 'warning',
        subject: s.order.orderId,
        message: `The model gives ${Math.round(onTimeProbability * 100)} % probability of finishing by the due date (threshold ${Math.round(atRiskThreshold * 100)} %).`,
      });
    }
  }

  const hasWarnings = findings.some((f) => f.severity === 'warning');
  const verdict: FeasibilityVerdict = blocked ? 'BLOCKED' : atRisk ? 'AT_RISK' : hasWarnings ? 'FEASIBLE_WITH_NOTES' : 'FEASIBLE';
  const recommendedAction: RecommendedAction = blocked
    ? 'HOLD_ORDER'
    : earliestStart.getTime() - now.getTime() > DELAY_TOLERANCE_MS
      ? 'DELAY_RELEASE'
      : 'RELEASE_ORDER';
  const p = Math.min(1, Math.max(0, onTimeProbability));
  const score = blocked ? 0 : Math.round(p * 100) / 100;
  // A hard rule is certain; otherwise the recommendation is as sure as the model.
  const confidence = blocked ? 0.99 : Math.round((recommendedAction === 'RELEASE_ORDER' ? p : Math.max(p, 1 - p)) * 1000) / 1000;

  return {
    verdict,
    recommendedAction,
    score,
    confidence,
    findings,
    earliestStart,
    latestStart,
    evidence: { rows, features: {}, capturedAt: now.toISOString() },
  };
}

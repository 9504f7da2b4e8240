import 'server-only';
import { db } from '@/lib/db';
import { plannedHours } from '@/lib/decisions/feasibility/features';
import type { ComponentSnapshot, FloorSnapshot } from '@/lib/decisions/feasibility/evaluate-feasibility';

export interface SnapshotRequest {
  siteId: string;
  orderId: string;
  material: string;
  quantity: number;
  dueDate: Date;
  workCenter: string;
  requiredSkill: string | null;
  now?: Date;
}

/** Reads the floor as it is now, for one order: the engine's only input from the database. */
export async function loadFloorSnapshot(req: SnapshotRequest): Promise<FloorSnapshot> {
  const now = req.now ?? new Date();
  const [material, wc] = await Promise.all([
    db.material.findUnique({
      where: { siteId_code: { siteId: req.siteId, code: req.material } },
      include: { boms: { orderBy: { alternative: 'asc' }, take: 1, include: { items: { include: { component: true } } } } },
    }),
    db.workCenter.findUnique({ where: { siteId_code: { siteId: req.siteId, code: req.workCenter } }, include: { line: true, state: true } }),
  ]);

  let queue = { orders: 0, hours: 0 };
  let operators: FloorSnapshot['operators'] = { onShift: [], rostered: [] };
  if (wc) {
    const oee = wc.state?.availability != null && wc.state.performance != null && wc.state.quality != null ? wc.state.availability * wc.state.performance * wc.state.quality : null;
    const [queued, shifts] = await Promise.all([
      db.productionOrder.findMany({
        where: { workCenterId: wc.id, status: { in: ['RELEASED', 'STARTED', 'PAUSED'] }, NOT: { erpOrderId: req.orderId } },
        select: { quantity: true },
      }),
      db.operatorShift.findMany({ where: { workCenterId: wc.id, status: { in: ['ON_SHIFT', 'ROSTERED'] } } }),
    ]);
    queue = { orders: queued.length, hours: queued.reduce((h, o) => h + plannedHours(o.quantity, wc.ratePerHour, oee), 0) };
    operators = {
      onShift: shifts.filter((s) => s.status === 'ON_SHIFT').map((s) => ({ operator: s.operator, skills: s.skills })),
      rostered: shifts
        .filter((s) => s.status === 'ROSTERED' && (!s.toTs || s.toTs > now))
        .map((s) => ({ operator: s.operator, skills: s.skills, from: s.fromTs })),
    };
  }

  let components: ComponentSnapshot[] | null = null;
  const bom = material?.boms[0];
  if (bom) {
    const ids = bom.items.map((i) => i.componentId);
    const [stock, receipts] = await Promise.all([
      db.stockLevel.findMany({ where: { siteId: req.siteId, materialId: { in: ids } } }),
      db.scheduledReceipt.findMany({ where: { materialId: { in: ids }, dueAt: { gte: now } }, orderBy: { dueAt: 'asc' } }),
    ]);
    const lineside = wc ? `LINESIDE:${wc.line.code}` : null;
    components = bom.items.map((item) => {
      const mine = stock.filter((s) => s.materialId === item.componentId);
      return {
        material: item.component.code,
        uom: item.uom,
        required: (item.quantity * req.quantity) / (bom.baseQuantity || 1),
        lineside: mine.filter((s) => s.location === lineside).reduce((q, s) => q + s.quantity, 0),
        // Another line's line-side stock is not available to this order.
        storage: mine.filter((s) => !s.location.startsWith('LINESIDE:')).reduce((q, s) => q + s.quantity, 0),
        receipts: receipts.filter((r) => r.materialId === item.componentId).map((r) => ({ quantity: r.quantity, dueAt: r.dueAt })),
      };
    });
  }

  return {
    now,
    order: {
      orderId: req.orderId,
      siteId: req.siteId,
      material: req.material,
      materialKnown: !!material,
      quantity: req.quantity,
      dueDate: req.dueDate,
      workCenter: req.workCenter,
      requiredSkill: req.requiredSkill,
    },
    workCenter: wc
      ? {
          id: wc.id,
          lineId: wc.lineId,
          code: wc.code,
          lineCode: wc.line.code,
          ratePerHour: wc.ratePerHour,
          state: wc.state?.state ?? 'RUNNING',
          reason: wc.state?.reason ?? null,
          expectedUpAt: wc.state?.expectedUpAt ?? null,
          oee: wc.state?.availability != null && wc.state.performance != null && wc.state.quality != null ? wc.state.availability * wc.state.performance * wc.state.quality : null,
        }
      : null,
    queue,
    operators,
    components,
  };
}

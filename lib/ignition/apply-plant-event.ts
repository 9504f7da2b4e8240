import 'server-only';
import type { Tx } from '@/lib/db';
import type { PlantEvent } from '@/lib/ignition/plant-event.schema';
import { createLogger } from '@/lib/log';

const log = createLogger('plant-state');

/**
 * Applies one new event to the current plant state. Each state row remembers
 * the event time it reflects, and older events leave newer state alone.
 * Returns the id of the work center whose feasibility may have changed.
 */
export async function applyPlantEvent(tx: Tx, e: PlantEvent): Promise<string | null> {
  const ts = new Date(e.ts);
  switch (e.type) {
    case 'machine_state': {
      const wc = await tx.workCenter.findUnique({ where: { siteId_code: { siteId: e.site, code: e.work_center } }, include: { state: true } });
      if (!wc) return unknown('work center', e.work_center, e);
      if (wc.state?.stateTs && wc.state.stateTs > ts) return null;
      const data = {
        state: e.state,
        reason: e.reason ?? null,
        expectedUpAt: e.expected_up_at ? new Date(e.expected_up_at) : null,
        stateSince: wc.state && wc.state.state === e.state ? wc.state.stateSince : ts,
        stateTs: ts,
      };
      await tx.workCenterState.upsert({ where: { workCenterId: wc.id }, create: { workCenterId: wc.id, ...data }, update: data });
      return wc.id;
    }
    case 'oee_snapshot': {
      const wc = await tx.workCenter.findUnique({ where: { siteId_code: { siteId: e.site, code: e.work_center } }, include: { state: true } });
      if (!wc) return unknown('work center', e.work_center, e);
      if (wc.state?.oeeTs && wc.state.oeeTs > ts) return null;
      const data = { availability: e.availability, performance: e.performance, quality: e.quality, oeeTs: ts };
      await tx.workCenterState.upsert({ where: { workCenterId: wc.id }, create: { workCenterId: wc.id, ...data }, update: data });
      return wc.id;
    }
    case 'operator_shift': {
      const wc = await tx.workCenter.findUnique({ where: { siteId_code: { siteId: e.site, code: e.work_center } } });
      if (!wc) return unknown('work center', e.work_center, e);
      const existing = await tx.operatorShift.findUnique({ where: { siteId_operator: { siteId: e.site, operator: e.operator } } });
      if (existing && existing.eventTs > ts) return null;
      const data = {
        workCenterId: wc.id,
        status: e.action === 'CLOCK_IN' ? ('ON_SHIFT' as const) : e.action === 'CLOCK_OUT' ? ('OFF' as const) : ('ROSTERED' as const),
        skills: e.skills,
        fromTs: e.from ? new Date(e.from) : e.action === 'CLOCK_IN' ? ts : null,
        toTs: e.to ? new Date(e.to) : null,
        eventTs: ts,
      };
      await tx.operatorShift.upsert({ where: { siteId_operator: { siteId: e.site, operator: e.operator } }, create: { siteId: e.site, operator: e.operator, ...data }, update: data });
      // An operator moving between work centers changes both.
      return wc.id;
    }
    case 'inventory_scan': {
      const material = await tx.material.findUnique({ where: { siteId_code: { siteId: e.site, code: e.material } } });
      if (!material) return unknown('material', e.material, e);
      const key = { siteId: e.site, materialId: material.id, location: e.location, batch: e.batch ?? '' };
      const existing = await tx.stockLevel.findUnique({ where: { siteId_materialId_location_batch: key } });
      if (existing && existing.eventTs > ts) return null;
      // A scan is a count: it replaces the quantity at that location.
      await tx.stockLevel.upsert({
        where: { siteId_materialId_location_batch: key },
        create: { ...key, quantity: e.quantity, uom: e.uom, eventTs: ts },
        update: { quantity: e.quantity, uom: e.uom, eventTs: ts },
      });
      return lineWorkCenter(tx, e.site, e.location);
    }
    case 'material_consumption': {
      const [material, order] = await Promise.all([
        tx.material.findUnique({ where: { siteId_code: { siteId: e.site, code: e.material } } }),
        tx.productionOrder.findUnique({ where: { siteId_erpOrderId: { siteId: e.site, erpOrderId: e.order } }, include: { workCenter: { include: { line: true } } } }),
      ]);
      if (!material || !order?.workCenter) return null;
      const location = `LINESIDE:${order.workCenter.line.code}`;
      // Consumption is a delta: it applies whatever its time, after the last count.
      await tx.stockLevel.updateMany({
        where: { siteId: e.site, materialId: material.id, location, eventTs: { lte: ts } },
        data: { quantity: { decrement: e.quantity } },
      });
      return order.workCenterId;
    }
    case 'order_status': {
      const order = await tx.productionOrder.findUnique({ where: { siteId_erpOrderId: { siteId: e.site, erpOrderId: e.order } } });
      if (!order) return unknown('order', e.order, e);
      await tx.productionOrder.update({ where: { id: order.id }, data: { status: e.status } });
      return order.workCenterId;
    }
    default:
      // Stored for the engines that use them (confirmations, scrap, quality): no live state yet.
      return null;
  }
}

function unknown(what: string, code: string, e: PlantEvent): null {
  log.warn(`event for an unknown ${what}: stored, state not changed`, { id: e.id, type: e.type, site: e.site, code });
  return null;
}

async function lineWorkCenter(tx: Tx, siteId: string, location: string): Promise<string | null> {
  if (!location.startsWith('LINESIDE:')) return null;
  const wc = await tx.workCenter.findFirst({ where: { siteId, line: { code: location.slice('LINESIDE:'.length) } }, orderBy: { code: 'asc' } });
  return wc?.id ?? null;
}

// The demo plant as Ignition tags published over Sparkplug B: one edge node
// (the gateway), one device per line (a Transmission folder), tag paths that
// default-mapping.json turns back into plant events.
import { DEMO_STOCK, DEMO_WORK_CENTERS } from '@/prisma/demo-plant';
import type { PlantEvent } from '@/lib/ignition/plant-event.schema';
import { DataType, type MetricValue } from '@/lib/ignition/sparkplug/codec';
import type { EdgeMetric } from '@/lib/ignition/sparkplug/edge-node';

/** The tag folder of a line ("L1" → "Line1"), the reverse of the mapping's translate table. */
export function lineFolder(line: string): string {
  return line.replace(/^L(\d+)$/, 'Line$1');
}

export const stateTag = (line: string, wc: string) => `${lineFolder(line)}/${wc}/State`;
export const reasonTag = (line: string, wc: string) => `${lineFolder(line)}/${wc}/State Reason`;
export const expectedUpTag = (line: string, wc: string) => `${lineFolder(line)}/${wc}/Expected Up`;
export const oeeTag = (line: string, wc: string, kpi: 'Availability' | 'Performance' | 'Quality') => `${lineFolder(line)}/${wc}/OEE/${kpi}`;
export const qtyTag = (line: string, material: string) => `${lineFolder(line)}/Lineside/${material}/Qty`;

/** Devices and their metrics at birth, for the demo plant. */
export function demoPlantDevices(): { id: string; metrics: EdgeMetric[] }[] {
  const lines = [...new Set(DEMO_WORK_CENTERS.map((w) => w.line))];
  return lines.map((line) => {
    const metrics: EdgeMetric[] = [];
    for (const wc of DEMO_WORK_CENTERS.filter((w) => w.line === line)) {
      metrics.push(
        { name: stateTag(line, wc.code), datatype: DataType.String, value: 'RUNNING' },
        { name: reasonTag(line, wc.code), datatype: DataType.String, value: null },
        { name: expectedUpTag(line, wc.code), datatype: DataType.DateTime, value: null },
        { name: oeeTag(line, wc.code, 'Availability'), datatype: DataType.Float, value: 0.9 },
        { name: oeeTag(line, wc.code, 'Performance'), datatype: DataType.Float, value: 0.9 },
        { name: oeeTag(line, wc.code, 'Quality'), datatype: DataType.Float, value: 0.99 },
      );
    }
    for (const s of DEMO_STOCK.filter((x) => x.location === `LINESIDE:${line}`)) metrics.push({ name: qtyTag(line, s.material), datatype: DataType.Double, value: s.quantity });
    return { id: lineFolder(line), metrics };
  });
}

/**
 * The tag writes an event stands for, or null for events the edge node does
 * not publish as tags (operator shifts: badge readers, not tags, in this plant).
 */
export function eventToTagUpdates(e: PlantEvent, lineOfWorkCenter: (wc: string) => string | undefined): { device: string; changes: { name: string; value: MetricValue; timestamp: number }[] } | null {
  const ts = Date.parse(e.ts);
  switch (e.type) {
    case 'machine_state': {
      const line = e.line ?? lineOfWorkCenter(e.work_center);
      if (!line) return null;
      return {
        device: lineFolder(line),
        changes: [
          { name: reasonTag(line, e.work_center), value: e.reason ?? null, timestamp: ts },
          { name: expectedUpTag(line, e.work_center), value: e.expected_up_at ? Date.parse(e.expected_up_at) : null, timestamp: ts },
          { name: stateTag(line, e.work_center), value: e.state, timestamp: ts },
        ],
      };
    }
    case 'oee_snapshot': {
      const line = e.line ?? lineOfWorkCenter(e.work_center);
      if (!line) return null;
      return {
        device: lineFolder(line),
        changes: [
          { name: oeeTag(line, e.work_center, 'Availability'), value: e.availability, timestamp: ts },
          { name: oeeTag(line, e.work_center, 'Performance'), value: e.performance, timestamp: ts },
          { name: oeeTag(line, e.work_center, 'Quality'), value: e.quality, timestamp: ts },
        ],
      };
    }
    case 'inventory_scan': {
      if (!e.location.startsWith('LINESIDE:')) return null;
      const line = e.location.slice('LINESIDE:'.length);
      return { device: lineFolder(line), changes: [{ name: qtyTag(line, e.material), value: e.quantity, timestamp: ts }] };
    }
    default:
      return null;
  }
}

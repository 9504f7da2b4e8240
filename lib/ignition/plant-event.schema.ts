// Plant events from Ignition (product.md), validated per type. Client-safe.
import { z } from 'zod';

const code = z.string().trim().min(1).max(40);
const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-11-25T08:00:00Z' });
const qty = z.number({ error: 'must be a number' }).finite();
const uom = z.string().trim().min(1).max(8);

const base = {
  id: z.string().trim().min(1, 'id is required').max(120),
  ts: isoTime,
  site: z.string().trim().min(1).max(10),
  line: z.string().trim().max(20).optional(),
};

export const plantEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('machine_state'),
    work_center: code,
    state: z.enum(['RUNNING', 'IDLE', 'DOWN', 'MAINTENANCE']),
    reason: z.string().max(200).optional().nullable(),
    expected_up_at: isoTime.optional().nullable(),
  }),
  z.object({
    ...base,
    type: z.literal('oee_snapshot'),
    work_center: code,
    availability: z.number().min(0).max(1),
    performance: z.number().min(0).max(1),
    quality: z.number().min(0).max(1),
  }),
  z.object({
    ...base,
    type: z.literal('operator_shift'),
    operator: code,
    work_center: code,
    action: z.enum(['CLOCK_IN', 'CLOCK_OUT', 'ROSTERED']),
    skills: z.array(z.string().trim().min(1).max(40)).max(50),
    from: isoTime.optional().nullable(),
    to: isoTime.optional().nullable(),
  }),
  z.object({
    ...base,
    type: z.literal('inventory_scan'),
    material: code,
    location: z.string().trim().min(1).max(40),
    quantity: qty.min(0, 'a scanned quantity cannot be negative'),
    uom,
    batch: z.string().max(20).optional().nullable(),
  }),
  z.object({
    ...base,
    type: z.literal('material_consumption'),
    order: code,
    material: code,
    quantity: qty.positive(),
    uom,
    batch: z.string().max(20).optional().nullable(),
    operation: z.string().max(10).optional().nullable(),
  }),
  z.object({
    ...base,
    type: z.literal('production_confirmation'),
    order: code,
    operation: z.string().max(10).optional().nullable(),
    yield: qty.min(0),
    scrap: qty.min(0),
    uom,
    final: z.boolean().optional(),
  }),
  z.object({
    ...base,
    type: z.literal('scrap_ticket'),
    order: code.optional().nullable(),
    material: code,
    quantity: qty.positive(),
    uom,
    defect_code: code,
    work_center: code,
    note: z.string().max(500).optional().nullable(),
  }),
  z.object({
    ...base,
    type: z.literal('quality_defect'),
    order: code.optional().nullable(),
    material: code,
    defect_code: code,
    work_center: code,
    measurements: z.record(z.string(), z.number()).optional().nullable(),
    note: z.string().max(500).optional().nullable(),
  }),
  z.object({
    ...base,
    type: z.literal('order_status'),
    order: code,
    status: z.enum(['STARTED', 'PAUSED', 'COMPLETED']),
  }),
]);

export type PlantEvent = z.infer<typeof plantEventSchema>;

export const MAX_BATCH = 1000;

export const eventBatchSchema = z.object({
  gateway: z.string().trim().min(1, 'gateway is required').max(60),
  events: z.array(z.unknown()).min(1, 'events must hold 1 to 1000 events').max(MAX_BATCH, 'events must hold 1 to 1000 events'),
});

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; id: string | null; errors: string[] }[];
}

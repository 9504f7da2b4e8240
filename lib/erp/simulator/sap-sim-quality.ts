// Quality notifications in the simulator. No SAP contract file exists, so the
// service model is built from the adapter's configurable names
// (DEFAULT_QUALITY_NOTIFICATION_CONFIG): the simulator checks that requests
// use those names and types, nothing more.
import { qualityNotificationProperties, type SapQualityNotificationConfig } from '@/lib/erp/sap/quality-notification';
import type { SapSimFaults } from './sap-sim-faults';
import type { SapSimLedger, SimFailure, SimQualityNotification } from './sap-sim-ledger';
import { builtInModel, type PropertySpec, type SimModel } from './sap-sim-model';
import type { JsonObject } from './sap-sim-odata';
import type { EntitySetHandler, SimEntity, SimOutcome } from './sap-sim-routes';

function spec([name, type, maxLength]: [string, string, number?]): PropertySpec {
  if (type === 'Edm.Decimal') return [name, type, 'Precision="13" Scale="3"'];
  return [name, type, maxLength ? `MaxLength="${maxLength}"` : undefined];
}

export function qualityNotificationModel(config: SapQualityNotificationConfig): SimModel {
  const { header, item } = qualityNotificationProperties(config);
  const namespace = config.servicePath.split('/').filter(Boolean).pop() ?? 'API_QUALITYNOTIFICATION_SRV';
  const types = [
    {
      name: config.entityType,
      key: [config.numberField],
      properties: header.map(spec),
      navigations: config.item ? ([[config.item.navigation, config.item.entityType]] as [string, string][]) : [],
    },
  ];
  if (config.item) types.push({ name: config.item.entityType, key: [config.numberField, 'QualityNotificationItem'], properties: item.map(spec), navigations: [] });
  return builtInModel(namespace, types, 'Interlock SAP simulator: quality notifications, built from the adapter configuration (no SAP contract file exists)');
}

function failure(status: number, code: string, message: string): SimFailure {
  return { status, code, message, details: [{ code, message }] };
}

export function qualityNotificationEntitySets(
  ledger: SapSimLedger,
  config: SapQualityNotificationConfig,
  faults: SapSimFaults,
  now: () => Date,
): Record<string, EntitySetHandler> {
  const visible = (q: SimQualityNotification) => now().getTime() - Date.parse(q.createdAt) >= faults.slowReadBackMs;
  const entity = (q: SimQualityNotification): SimEntity => ({
    values: { ...(q.values as Record<string, string | number | boolean | null>), [config.numberField]: q.number },
    navigations: config.item
      ? { [config.item.navigation]: q.items.map((i, index) => ({ values: { ...(i as Record<string, string>), [config.numberField]: q.number, QualityNotificationItem: String(index + 1).padStart(4, '0') } })) }
      : {},
  });
  const itemSet = config.item ? config.item.entityType.replace(/Type$/, '') : null;
  const sets: Record<string, EntitySetHandler> = {
    [config.entitySet]: {
      list: () => ledger.listQualityNotifications().filter(visible).map(entity),
      find: (key) => {
        const q = ledger.listQualityNotifications().find((n) => n.number === key[config.numberField]);
        return q && visible(q) ? entity(q) : undefined;
      },
      notFound: (key) => failure(404, 'QM/001', `Notification ${key[config.numberField]} does not exist`),
      create: (body: JsonObject): SimOutcome<SimEntity> => {
        const f = config.fields;
        const plant = typeof body[f.plant] === 'string' ? (body[f.plant] as string) : '';
        for (const required of [f.type, f.text, f.material, f.plant]) {
          if (typeof body[required] !== 'string' || body[required] === '') return { ok: false, failure: failure(400, 'QM/010', `Enter ${required}`) };
        }
        const { [config.item?.navigation ?? '__none']: rawItems, ...header } = body;
        const items = Array.isArray(rawItems) ? rawItems : Array.isArray((rawItems as { results?: unknown } | undefined)?.results) ? (rawItems as { results: JsonObject[] }).results : [];
        const created = ledger.createQualityNotification({
          reference: typeof body[config.referenceField] === 'string' ? (body[config.referenceField] as string) : '',
          plant,
          values: header,
          items: items as Record<string, unknown>[],
        });
        return { ok: true, value: entity(created) };
      },
    },
  };
  if (itemSet && config.item) {
    sets[itemSet] = {
      list: () => ledger.listQualityNotifications().filter(visible).flatMap((q) => entity(q).navigations?.[config.item?.navigation ?? ''] ?? []),
      find: () => undefined,
      notFound: () => failure(404, 'QM/002', 'Notification item does not exist'),
    };
  }
  return sets;
}

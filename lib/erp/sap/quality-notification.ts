// Quality notifications. No contract file exists for SAP's quality
// notification API (SOURCES.md), so the service path, entity set and every
// field name come from configuration with defaults after SAP's documentation
// of the A2X OData service [verify on the tenant before go-live]. The
// simulator serves a model built from the same configuration.
import { z } from 'zod';
import type { QualityNotificationRequest } from '@/lib/erp/erp-requests.schema';
import { fixedDecimal } from '@/lib/erp/request-guards';

export interface SapQualityNotificationConfig {
  servicePath: string;
  entitySet: string;
  entityType: string;
  /** The key property holding the notification number. */
  numberField: string;
  /** Where our reference goes; filterable, at least 25 characters. */
  referenceField: string;
  /** Used when the request names no notification type (Q3: internal problem). */
  defaultType: string;
  fields: {
    type: string;
    text: string;
    longText: string | null;
    material: string;
    plant: string;
    order: string | null;
    workCenter: string | null;
    quantity: string | null;
    unit: string | null;
  };
  /** The defect as an item (deep insert); null sends the defect code on the header's text only. */
  item: { navigation: string; entityType: string; codeGroup: string; code: string; text: string } | null;
}

export const DEFAULT_QUALITY_NOTIFICATION_CONFIG: SapQualityNotificationConfig = {
  servicePath: '/sap/opu/odata/sap/API_QUALITYNOTIFICATION_SRV',
  entitySet: 'A_QualityNotification',
  entityType: 'A_QualityNotificationType',
  numberField: 'QualityNotification',
  referenceField: 'NotifExternalReference',
  defaultType: 'Q3',
  fields: {
    type: 'NotificationType',
    text: 'NotificationText',
    longText: 'NotificationLongText',
    material: 'Material',
    plant: 'MaterialPlant',
    order: 'ManufacturingOrder',
    workCenter: 'MainWorkCenter',
    quantity: 'ComplaintQuantity',
    unit: 'ComplaintQuantityUnit',
  },
  item: { navigation: 'to_QualityNotificationItem', entityType: 'A_QualityNotificationItemType', codeGroup: 'DefectCodeGroup', code: 'DefectCode', text: 'QualityNotificationItemText' },
};

/** Properties the header and the item carry, for the simulator's model and the contract test. */
export function qualityNotificationProperties(config: SapQualityNotificationConfig): { header: [string, string, number?][]; item: [string, string, number?][] } {
  const f = config.fields;
  const header: [string, string, number?][] = [
    [config.numberField, 'Edm.String', 12],
    [config.referenceField, 'Edm.String', 40],
    [f.type, 'Edm.String', 2],
    [f.text, 'Edm.String', 40],
    [f.material, 'Edm.String', 40],
    [f.plant, 'Edm.String', 4],
  ];
  if (f.longText) header.push([f.longText, 'Edm.String']);
  if (f.order) header.push([f.order, 'Edm.String', 12]);
  if (f.workCenter) header.push([f.workCenter, 'Edm.String', 8]);
  if (f.quantity) header.push([f.quantity, 'Edm.Decimal']);
  if (f.unit) header.push([f.unit, 'Edm.String', 3]);
  const item: [string, string, number?][] = config.item
    ? [
        [config.numberField, 'Edm.String', 12],
        ['QualityNotificationItem', 'Edm.String', 4],
        [config.item.codeGroup, 'Edm.String', 8],
        [config.item.code, 'Edm.String', 4],
        [config.item.text, 'Edm.String', 40],
      ]
    : [];
  return { header, item };
}

export function toQualityNotificationPayload(
  siteId: string,
  request: QualityNotificationRequest,
  reference: string,
  config: SapQualityNotificationConfig,
): Record<string, unknown> {
  const f = config.fields;
  const payload: Record<string, unknown> = {
    [config.referenceField]: reference,
    [f.type]: request.notificationType ?? config.defaultType,
    [f.text]: request.description,
    [f.material]: request.material,
    [f.plant]: siteId,
  };
  if (f.longText && request.longText) payload[f.longText] = request.longText;
  if (f.order && request.order) payload[f.order] = request.order;
  if (f.workCenter && request.workCenter) payload[f.workCenter] = request.workCenter;
  if (f.quantity && request.quantity !== undefined) payload[f.quantity] = fixedDecimal(request.quantity, 3, 'Quantity');
  if (f.unit && request.uom) payload[f.unit] = request.uom;
  if (config.item) {
    payload[config.item.navigation] = {
      results: [
        {
          [config.item.codeGroup]: request.defectCodeGroup ?? 'DEFECT',
          [config.item.code]: request.defectCode,
          [config.item.text]: request.description,
        },
      ],
    };
  }
  return payload;
}

export function qualityNotificationResponseSchema(config: SapQualityNotificationConfig) {
  return z.object({ d: z.object({ [config.numberField]: z.string().min(1), [config.referenceField]: z.string() }).loose() });
}

export function qualityNotificationCollectionSchema(config: SapQualityNotificationConfig) {
  return z.object({ d: z.object({ results: z.array(z.object({ [config.numberField]: z.string().min(1), [config.referenceField]: z.string() }).loose()) }) });
}

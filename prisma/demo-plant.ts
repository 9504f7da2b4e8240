// The demo plant: one SAP plant with two lines. Shared by the database seed, the
// ERP simulator (which holds the same master data on the ERP side), the plant
// simulator and the feasibility model's simulated history.
export interface DemoMaterial {
  code: string;
  description: string;
  uom: string;
  unitCost: number;
}
export interface DemoWorkCenter {
  code: string;
  name: string;
  line: string;
  ratePerHour: number;
  skill: string;
}
export interface DemoBom {
  material: string;
  items: { itemNo: string; component: string; quantity: number; uom: string; alternates?: { material: string; ratio: number }[] }[];
}

export const DEMO_SITE = { id: '1710', name: 'Palo Alto Assembly', timezone: 'America/Los_Angeles' } as const;

export const DEMO_LINES = [
  { code: 'L1', name: 'Line 1 — Valve assembly' },
  { code: 'L2', name: 'Line 2 — Pump assembly' },
] as const;

export const DEMO_WORK_CENTERS: DemoWorkCenter[] = [
  { code: 'WC-ASSY-05', name: 'Valve assembly cell 5', line: 'L1', ratePerHour: 120, skill: 'TORQUE_CERT' },
  { code: 'WC-TEST-01', name: 'Valve pressure test', line: 'L1', ratePerHour: 200, skill: 'PRESSURE_TEST' },
  { code: 'WC-PUMP-02', name: 'Pump assembly cell 2', line: 'L2', ratePerHour: 60, skill: 'TORQUE_CERT' },
  { code: 'WC-PACK-01', name: 'Packing', line: 'L2', ratePerHour: 300, skill: 'FORKLIFT' },
];

export const DEMO_MATERIALS: DemoMaterial[] = [
  { code: 'VALVE-ASSY-55', description: 'Valve assembly 55 mm', uom: 'EA', unitCost: 42.5 },
  { code: 'VALVE-ASSY-80', description: 'Valve assembly 80 mm', uom: 'EA', unitCost: 61.0 },
  { code: 'PUMP-ASSY-10', description: 'Centrifugal pump 10 kW', uom: 'EA', unitCost: 780.0 },
  { code: 'VLV-55', description: 'Valve body 55 mm', uom: 'EA', unitCost: 18.2 },
  { code: 'VLV-80', description: 'Valve body 80 mm', uom: 'EA', unitCost: 26.4 },
  { code: 'SEAL-KIT-2', description: 'Seal kit, NBR', uom: 'EA', unitCost: 3.1 },
  { code: 'SEAL-KIT-2V', description: 'Seal kit, FKM (alternate)', uom: 'EA', unitCost: 4.9 },
  { code: 'BOLT-M8', description: 'Bolt M8x30 A4', uom: 'EA', unitCost: 0.21 },
  { code: 'HOUSING-10', description: 'Pump housing 10 kW', uom: 'EA', unitCost: 210.0 },
  { code: 'MOTOR-10', description: 'Motor 10 kW', uom: 'EA', unitCost: 390.0 },
  { code: 'IMPELLER-10', description: 'Impeller 10 kW', uom: 'EA', unitCost: 64.0 },
];

export const DEMO_BOMS: DemoBom[] = [
  {
    material: 'VALVE-ASSY-55',
    items: [
      { itemNo: '0010', component: 'VLV-55', quantity: 1, uom: 'EA' },
      { itemNo: '0020', component: 'SEAL-KIT-2', quantity: 1, uom: 'EA', alternates: [{ material: 'SEAL-KIT-2V', ratio: 1 }] },
      { itemNo: '0030', component: 'BOLT-M8', quantity: 4, uom: 'EA' },
    ],
  },
  {
    material: 'VALVE-ASSY-80',
    items: [
      { itemNo: '0010', component: 'VLV-80', quantity: 1, uom: 'EA' },
      { itemNo: '0020', component: 'SEAL-KIT-2', quantity: 2, uom: 'EA', alternates: [{ material: 'SEAL-KIT-2V', ratio: 1 }] },
      { itemNo: '0030', component: 'BOLT-M8', quantity: 8, uom: 'EA' },
    ],
  },
  {
    material: 'PUMP-ASSY-10',
    items: [
      { itemNo: '0010', component: 'HOUSING-10', quantity: 1, uom: 'EA' },
      { itemNo: '0020', component: 'MOTOR-10', quantity: 1, uom: 'EA' },
      { itemNo: '0030', component: 'IMPELLER-10', quantity: 1, uom: 'EA' },
      { itemNo: '0040', component: 'BOLT-M8', quantity: 12, uom: 'EA' },
    ],
  },
];

/** Which work center makes which finished material (the routing's main operation). */
export const DEMO_ROUTING: Record<string, { workCenter: string; skill: string }> = {
  'VALVE-ASSY-55': { workCenter: 'WC-ASSY-05', skill: 'TORQUE_CERT' },
  'VALVE-ASSY-80': { workCenter: 'WC-ASSY-05', skill: 'TORQUE_CERT' },
  'PUMP-ASSY-10': { workCenter: 'WC-PUMP-02', skill: 'TORQUE_CERT' },
};

export const DEMO_STORAGE_LOCATION = '171A';

/** Opening stock: storage and line-side. */
export const DEMO_STOCK: { material: string; location: string; quantity: number }[] = [
  { material: 'VLV-55', location: '171A', quantity: 4000 },
  { material: 'VLV-55', location: 'LINESIDE:L1', quantity: 900 },
  { material: 'VLV-80', location: '171A', quantity: 2500 },
  { material: 'VLV-80', location: 'LINESIDE:L1', quantity: 400 },
  { material: 'SEAL-KIT-2', location: '171A', quantity: 9000 },
  { material: 'SEAL-KIT-2', location: 'LINESIDE:L1', quantity: 1500 },
  { material: 'SEAL-KIT-2V', location: '171A', quantity: 1200 },
  { material: 'BOLT-M8', location: '171A', quantity: 60000 },
  { material: 'BOLT-M8', location: 'LINESIDE:L1', quantity: 8000 },
  { material: 'BOLT-M8', location: 'LINESIDE:L2', quantity: 3000 },
  { material: 'HOUSING-10', location: '171A', quantity: 600 },
  { material: 'HOUSING-10', location: 'LINESIDE:L2', quantity: 40 },
  { material: 'MOTOR-10', location: '171A', quantity: 450 },
  { material: 'MOTOR-10', location: 'LINESIDE:L2', quantity: 30 },
  { material: 'IMPELLER-10', location: '171A', quantity: 700 },
  { material: 'IMPELLER-10', location: 'LINESIDE:L2', quantity: 50 },
];

export const DEMO_OPERATORS: { operator: string; workCenter: string; skills: string[] }[] = [
  { operator: 'op-ana', workCenter: 'WC-ASSY-05', skills: ['TORQUE_CERT'] },
  { operator: 'op-ben', workCenter: 'WC-ASSY-05', skills: ['TORQUE_CERT', 'PRESSURE_TEST'] },
  { operator: 'op-chen', workCenter: 'WC-TEST-01', skills: ['PRESSURE_TEST'] },
  { operator: 'op-dia', workCenter: 'WC-PUMP-02', skills: ['TORQUE_CERT'] },
  { operator: 'op-eli', workCenter: 'WC-PACK-01', skills: ['FORKLIFT'] },
];

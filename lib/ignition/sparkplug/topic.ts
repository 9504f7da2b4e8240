// Sparkplug B topics (spec §4): spBv1.0/<group>/<type>/<edge node>[/<device>]
// and the host application's spBv1.0/STATE/<host id>.
export const NAMESPACE = 'spBv1.0';

export const NODE_MESSAGE_TYPES = ['NBIRTH', 'NDEATH', 'NDATA', 'NCMD'] as const;
export const DEVICE_MESSAGE_TYPES = ['DBIRTH', 'DDEATH', 'DDATA', 'DCMD'] as const;
export type SparkplugMessageType = (typeof NODE_MESSAGE_TYPES)[number] | (typeof DEVICE_MESSAGE_TYPES)[number];

export type SparkplugTopic =
  | { kind: 'node'; group: string; type: (typeof NODE_MESSAGE_TYPES)[number]; node: string }
  | { kind: 'device'; group: string; type: (typeof DEVICE_MESSAGE_TYPES)[number]; node: string; device: string }
  | { kind: 'state'; hostId: string };

const isNodeType = (t: string): t is (typeof NODE_MESSAGE_TYPES)[number] => (NODE_MESSAGE_TYPES as readonly string[]).includes(t);
const isDeviceType = (t: string): t is (typeof DEVICE_MESSAGE_TYPES)[number] => (DEVICE_MESSAGE_TYPES as readonly string[]).includes(t);

/** null for anything that is not a well-formed Sparkplug B topic. */
export function parseSparkplugTopic(topic: string): SparkplugTopic | null {
  const parts = topic.split('/');
  if (parts[0] !== NAMESPACE || parts.some((p) => p.length === 0)) return null;
  if (parts[1] === 'STATE') return parts.length === 3 ? { kind: 'state', hostId: parts[2] } : null;
  const [, group, type, node, device] = parts;
  if (parts.length === 4 && isNodeType(type)) return { kind: 'node', group, type, node };
  if (parts.length === 5 && isDeviceType(type)) return { kind: 'device', group, type, node, device };
  return null;
}

export function nodeTopic(group: string, type: (typeof NODE_MESSAGE_TYPES)[number], node: string): string {
  return `${NAMESPACE}/${group}/${type}/${node}`;
}

export function deviceTopic(group: string, type: (typeof DEVICE_MESSAGE_TYPES)[number], node: string, device: string): string {
  return `${NAMESPACE}/${group}/${type}/${node}/${device}`;
}

export function stateTopic(hostId: string): string {
  return `${NAMESPACE}/STATE/${hostId}`;
}

/** Sparkplug ids are UTF-8 without the MQTT separators and wildcards. */
export function isValidSparkplugId(id: string): boolean {
  return id.length > 0 && !/[/+#]/.test(id);
}

/** The STATE payload (spec §4, host application birth and death). */
export function statePayload(online: boolean, timestamp: number): string {
  return JSON.stringify({ online, timestamp });
}

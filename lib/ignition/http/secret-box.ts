// Secrets the server must be able to read back (a gateway's HMAC and launch
// secrets: verifying an HMAC needs the secret itself, so a hash will not do),
// stored encrypted with AES-256-GCM under a key derived from NEXTAUTH_SECRET.
// The associated data binds a ciphertext to its gateway and purpose, so one
// cannot be copied into another row or field. No server-only import: the demo
// start script seeds gateways under plain tsx.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const INFO = 'interlock/gateway-secrets/v1';

function deriveKey(masterSecret: string): Buffer {
  if (masterSecret.length < 32) throw new Error('The master secret (NEXTAUTH_SECRET) must be at least 32 characters.');
  return Buffer.from(hkdfSync('sha256', masterSecret, 'interlock', INFO, 32));
}

/** `v1:<iv>:<tag>:<ciphertext>`, each base64url. */
export function sealSecret(plain: string, masterSecret: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(masterSecret), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join(':');
}

/** The plain secret, or null when the box was sealed under another key or context, or altered. */
export function openSecret(sealed: string, masterSecret: string, context: string): string | null {
  const parts = sealed.split(':');
  if (parts.length !== 4 || parts[0] !== VERSION) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(masterSecret), Buffer.from(parts[1], 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(parts[2], 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(parts[3], 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** The associated data for a gateway's secret of one kind. */
export function secretContext(gatewayId: string, kind: 'signing' | 'launch'): string {
  return `gateway:${gatewayId}:${kind}`;
}

/** A new random secret: 256 bits, URL-safe, easy to paste into an Ignition script. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

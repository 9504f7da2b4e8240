// The postMessage protocol between the console (inside a Perspective Inline
// Frame) and its parent page. Client-safe. Messages are accepted only from the
// parent window at an allowed origin (FRAME_ANCESTORS, or the console's own).
import { z } from 'zod';

const code = z.string().trim().min(1).max(40);

/** Perspective → console: open the page for an order, or the inbox filtered to a line. */
export const navigateMessageSchema = z.object({
  type: z.literal('interlock:navigate'),
  site: code.optional(),
  line: code.optional(),
  order: code.optional(),
});
export type NavigateMessage = z.infer<typeof navigateMessageSchema>;

/** Console → Perspective. */
export type ConsoleMessage =
  | { type: 'interlock:ready' }
  | { type: 'interlock:decision'; recommendationId: string; outcome: 'APPROVE' | 'REJECT' | 'HOLD'; status: string };

/**
 * Whether a message event may be acted on: it must come from the window that
 * frames us, at an origin on the allow-list. Anything else is dropped silently
 * (an error reply would tell a probing page that we listen).
 */
export function isTrustedMessage(event: { origin: string; source: unknown }, parent: unknown, allowedOrigins: readonly string[]): boolean {
  return event.source !== null && event.source === parent && allowedOrigins.includes(event.origin);
}

/** The origins we talk to: the configured gateways and the console's own (a same-origin host page). */
export function bridgeOrigins(frameAncestors: readonly string[], ownOrigin: string): string[] {
  return [...new Set([ownOrigin, ...frameAncestors])];
}

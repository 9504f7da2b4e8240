'use client';

// The console's side of the postMessage bridge with Perspective (protocol:
// lib/ignition/http/bridge-messages.schema.ts). Inert unless the console is
// framed: then it says `interlock:ready`, follows `interlock:navigate` from an
// allowed parent, and lets pages report decisions to the parent.
import { useRouter } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { apiGet, withQuery } from '@/lib/http/api-client';
import { bridgeOrigins, isTrustedMessage, navigateMessageSchema, type ConsoleMessage } from '@/lib/ignition/http/bridge-messages.schema';

interface Bridge {
  /** Tells the framing page about something that happened in the console; a no-op when not framed. */
  notify: (message: ConsoleMessage) => void;
}

const BridgeContext = createContext<Bridge>({ notify: () => {} });

export function useParentBridge(): Bridge {
  return useContext(BridgeContext);
}

function isFramed(): boolean {
  return typeof window !== 'undefined' && window.parent !== window;
}

/** The origins a message may go to: only the parent's, when the browser tells it (Chromium, WebKit), else every allowed one. */
function targetOrigins(allowed: readonly string[]): string[] {
  const parentOrigin = window.location.ancestorOrigins?.[0];
  if (parentOrigin) return allowed.includes(parentOrigin) ? [parentOrigin] : [];
  // postMessage delivers only where targetOrigin matches the parent, so this never reaches anyone else.
  return [...allowed];
}

export function PerspectiveBridge({ frameAncestors, children }: { frameAncestors: string[]; children: ReactNode }) {
  const router = useRouter();
  // Keyed by value: a re-rendered layout passes an equal list, which must not re-announce `ready`.
  const key = frameAncestors.join(' ');
  const allowed = useCallback(() => bridgeOrigins(key.split(' ').filter(Boolean), window.location.origin), [key]);

  const notify = useCallback(
    (message: ConsoleMessage) => {
      if (!isFramed()) return;
      for (const origin of targetOrigins(allowed())) window.parent.postMessage(message, origin);
    },
    [allowed],
  );

  useEffect(() => {
    if (!isFramed()) return;
    const origins = allowed();
    let latest = 0;
    async function onMessage(event: MessageEvent) {
      if (!isTrustedMessage(event, window.parent, origins)) return;
      const parsed = navigateMessageSchema.safeParse(event.data);
      if (!parsed.success) return;
      const ticket = ++latest;
      try {
        const { path } = await apiGet<{ path: string }>(withQuery('/api/launch/target', { site: parsed.data.site, line: parsed.data.line, order: parsed.data.order }));
        // Only the newest request navigates: a slow answer to an older message must not win.
        if (ticket === latest && path.startsWith('/') && !path.startsWith('//')) router.push(path);
      } catch {
        // A refused or failed lookup leaves the page as it is; the next poll shows a lost session.
      }
    }
    const listener = (event: MessageEvent) => void onMessage(event);
    window.addEventListener('message', listener);
    notify({ type: 'interlock:ready' });
    return () => window.removeEventListener('message', listener);
  }, [allowed, notify, router]);

  const value = useMemo(() => ({ notify }), [notify]);
  return <BridgeContext.Provider value={value}>{children}</BridgeContext.Provider>;
}

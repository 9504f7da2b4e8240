'use client';

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { SessionProvider } from 'next-auth/react';
import { useState, type ReactNode } from 'react';
import { isApiError } from '@/lib/http/api-client';

/**
 * A session that ends mid-shift (12 h limit, deactivated user) shows up as a 401
 * on the next poll. Send the person to sign in and back to where they were,
 * rather than leaving a console that silently stops updating.
 */
function redirectToLoginOn401(error: unknown) {
  if (!isApiError(error) || error.status !== 401 || typeof window === 'undefined') return;
  if (window.location.pathname.startsWith('/login')) return;
  const back = `${window.location.pathname}${window.location.search}`;
  // A full page load, not a client navigation: it drops every cached query of the ended session.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/login?callbackUrl=${encodeURIComponent(back)}`);
}

function makeQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: redirectToLoginOn401 }),
    mutationCache: new MutationCache({ onError: redirectToLoginOn401 }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // A 4xx will not fix itself; retrying only delays the message. Network and 5xx may.
        retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  // One client per browser tab, created once; the server render gets its own.
  const [client] = useState(makeQueryClient);
  return (
    <SessionProvider>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </SessionProvider>
  );
}

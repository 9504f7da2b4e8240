import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Providers } from '@/app/providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Interlock', template: '%s · Interlock' },
  description: 'Approve AI recommendations before they reach the ERP.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}

import { describe, expect, it } from 'vitest';
import { frameHeaders } from '@/lib/ignition/http/frame-headers';

describe('frameHeaders', () => {
  it('allows only the console itself, in both headers, when no gateway origin is configured', () => {
    expect(frameHeaders([])).toEqual({ 'Content-Security-Policy': "frame-ancestors 'self'", 'X-Frame-Options': 'SAMEORIGIN' });
  });

  it('lists the configured gateway origins and sends no X-Frame-Options that would contradict them', () => {
    expect(frameHeaders(['https://gw1.plant.local:8043', 'http://127.0.0.1:3199'])).toEqual({
      'Content-Security-Policy': "frame-ancestors 'self' https://gw1.plant.local:8043 http://127.0.0.1:3199",
    });
  });
});

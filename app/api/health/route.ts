import { NextResponse } from 'next/server';

// Liveness only: no data, no auth. The start script waits on it.
export function GET() {
  return NextResponse.json({ ok: true });
}

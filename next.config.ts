import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // onnxruntime-web must load its wasm from its own dist/ folder (stack-notes.md);
  // pg and graphile-worker are server-only Node libraries.
  serverExternalPackages: ['onnxruntime-web', 'pg', 'graphile-worker', '@prisma/adapter-pg'],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;

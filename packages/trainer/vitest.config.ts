import { defineConfig } from 'vitest/config';

// Lets `npx vitest run` work inside this package; the root config runs the same files as project "trainer".
// The socket tests start dist/main.js, so the global setup compiles the package first.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, globalSetup: ['./test/global-setup.ts'] },
});

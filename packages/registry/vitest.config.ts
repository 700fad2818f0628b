import { defineConfig } from 'vitest/config';

// Lets `npx vitest run` work inside this package; the root config runs the same files as project "registry".
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});

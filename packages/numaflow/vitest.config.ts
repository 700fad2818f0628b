import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'numaflow',
    // Child-process tests run the built SDK (dist/), so build it once before the suite.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

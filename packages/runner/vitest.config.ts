import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'runner',
    globalSetup: ['test/global-setup.ts'],
    // Every test starts real UDF child processes; give them room on a loaded 2-core machine.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Runs start children and count them in /proc: one file at a time keeps the machine calm.
    fileParallelism: false,
  },
});

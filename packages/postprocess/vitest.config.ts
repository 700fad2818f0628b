import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'postprocess',
    // The socket tests start the built entrypoint (dist/main.js) in a child process.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

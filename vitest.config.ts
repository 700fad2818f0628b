import { defineConfig } from 'vitest/config';

// One run over every package: each package folder is a vitest project of its own.
export default defineConfig({
  test: {
    projects: ['packages/*'],
  },
});

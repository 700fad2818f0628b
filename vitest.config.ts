import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One run over every package: each package folder is a vitest project named after its folder, so
// `npx vitest run --project core` runs one package. A package's own vitest.config.ts (global setup,
// timeouts) is extended, so the root run and a run inside the package behave the same.
const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));
const packages = readdirSync(packagesDir).filter((name) => existsSync(`${packagesDir}${name}/package.json`));

export default defineConfig({
  test: {
    projects: packages.map((name) => {
      const ownConfig = `${packagesDir}${name}/vitest.config.ts`;
      return {
        ...(existsSync(ownConfig) ? { extends: ownConfig } : {}),
        test: {
          name,
          root: `${packagesDir}${name}`,
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      };
    }),
  },
});

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The Ctrl-C test runs the built runner in its own process: build it once before the suite.
export default function setup(): void {
  const packageDir = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, [fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.json'], {
    cwd: packageDir,
    stdio: 'inherit',
  });
}

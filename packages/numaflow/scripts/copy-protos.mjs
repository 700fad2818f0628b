#!/usr/bin/env node
// Copies the repository's protos/ into dist/protos so the built package runs without the source tree
// (a pruned production install has only node_modules/@numalogic/numaflow/dist).
import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../../../protos/', import.meta.url));
const target = fileURLToPath(new URL('../dist/protos/', import.meta.url));
if (!existsSync(source)) {
  console.error(`copy-protos: ${source} not found`);
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true, filter: (path) => !path.endsWith('.md') });

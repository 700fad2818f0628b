// The run's own store (no --store) beyond its memory budget: the scratch store's temporary folder, and its removal.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { commandConfig } from '../src/config.js';
import { readCsvRecords } from '../src/csv/records.js';
import { createScorePipeline } from '../src/score/pipeline.js';
import { anomalyCsv, source } from './fixtures.js';

describe('createScorePipeline without a store folder', () => {
  it('puts what does not fit its budget in one temporary folder, and removes that folder at close', async () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'score-pipeline-'));
    vi.stubEnv('TMPDIR', tmp);
    // Others may write to TMPDIR too (native libraries' own files): only the scratch store's folders count.
    const scratchFolders = () => readdirSync(tmp).filter((name) => name.startsWith('numalogic-scratch-'));
    try {
      // A budget of 0: every file of the run's store goes to its folder.
      const pipeline = createScorePipeline(commandConfig(undefined, {}), undefined, { scratchMemoryBytes: 0 });
      let folders: string[];
      let files: string[];
      try {
        for await (const chunk of pipeline.engine.score(readCsvRecords(source(anomalyCsv(2000).csv)))) expect(chunk.count).toBeGreaterThan(0);
        expect(pipeline.engine.trainings).toBeGreaterThan(0);
        folders = scratchFolders();
        files = folders.length === 1 ? readdirSync(path.join(tmp, folders[0]!), { recursive: true }).map(String) : [];
      } finally {
        await pipeline.close();
      }
      expect(folders).toHaveLength(1);
      expect(files.some((f) => path.basename(f) === 'bundle.json')).toBe(true);
      expect(scratchFolders()).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@numalogic/core';
import { evaluateFiles, labelSource } from '../src/eval/evaluate.js';
import { renderReport } from '../src/eval/report.js';
import { anomalyCsv } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const dir = mkdtempSync(path.join(tmpdir(), 'numalogic-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the eval report', () => {
  it('renders every series as a chart in headless Chromium, self-contained and without console errors', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get update && apt-get install -y chromium) to run the report test`);
    }
    // Two labelled files; the second has a title that needs escaping.
    const files = [path.join(dir, 'first.csv'), path.join(dir, 'second <&> "quoted".csv')];
    writeFileSync(files[0]!, anomalyCsv(1500, 3).csv);
    writeFileSync(files[1]!, anomalyCsv(1200, 5).csv);
    const config = parseConfig({ trainer: { minPoints: 300 } });
    const result = await evaluateFiles(files, config, labelSource('label'));
    const html = renderReport({
      title: 'report test',
      alertLevel: result.alertLevel,
      generatedAt: new Date(0).toISOString(),
      series: result.series,
      table: [...result.files.map((f) => ({ name: f.file, metrics: f.metrics })), { name: 'overall', metrics: result.overall }],
    });
    const page = path.join(dir, 'report.html');
    writeFileSync(page, html);

    // A fresh profile folder (Playwright passes it to Chromium as --user-data-dir).
    const browser = await chromium.launchPersistentContext(mkdtempSync(path.join(dir, 'profile-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1200, height: 900 },
    });
    try {
      const tab = await browser.newPage();
      const problems: string[] = [];
      tab.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      });
      tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      tab.on('request', (r) => {
        if (!r.url().startsWith('file:')) problems.push(`network request: ${r.url()}`);
      });
      await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
      await tab.waitForFunction(() => (window as unknown as { __reportRendered?: number }).__reportRendered !== undefined, null, { timeout: 30_000 });
      const charts = await tab.$$eval('.chart', (elements) =>
        elements.map((el) => {
          const canvases = [...el.querySelectorAll('canvas')];
          let painted = 0;
          for (const canvas of canvases) {
            const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
          }
          return { title: el.getAttribute('data-title'), canvases: canvases.length, painted, width: canvases[0]?.width ?? 0 };
        }),
      );
      expect(problems).toEqual([]);
      expect(charts.map((c) => c.title)).toEqual(['first.csv', 'second <&> "quoted".csv']);
      for (const chart of charts) {
        expect(chart.canvases, chart.title!).toBeGreaterThan(0);
        // A blank canvas has no painted pixel; lines, axes, areas and labels paint thousands.
        expect(chart.painted, chart.title!).toBeGreaterThan(2000);
      }
      const table = await tab.$$eval('table.metrics tbody tr', (rows) => rows.map((r) => r.querySelector('td')!.textContent));
      expect(table).toEqual([files[0], files[1], 'overall']);
      const events = await tab.$$eval('table.events tbody tr', (rows) => rows.length);
      expect(events).toBe(result.series.reduce((n, s) => n + s.events.length, 0));
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('inlines the chart library: the page needs no network', () => {
    const html = renderReport({ title: 't', alertLevel: 5, generatedAt: 'now', series: [], table: [] });
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    expect(html.length).toBeGreaterThan(500_000);
  });
});

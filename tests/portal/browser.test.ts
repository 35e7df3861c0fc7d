/**
 * The portal in a real browser (Debian's chromium, driven by playwright-core; no browser is downloaded): a unit
 * downloads its template, uploads a workbook with an error, sees the finding, fixes it, resubmits and passes; the
 * office page, open meanwhile, shows the change. Screenshots go to NIANBAO_SCREENSHOT_DIR (the README's pictures
 * under docs/portal/ are made this way), else to a temporary folder.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPortal } from '../../src/portal/start.js';
import { links, start, tempDir, tokenOf, unitName, workbook, writeRoster } from './helpers.js';

const shots = process.env.NIANBAO_SCREENSHOT_DIR ? path.resolve(process.env.NIANBAO_SCREENSHOT_DIR) : tempDir('nianbao-shots-');

describe('portal in chromium', () => {
  const dir = tempDir();
  let running: RunningPortal;
  let context: BrowserContext;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    // a clock that starts on 2026-01-20 and runs: the pictures show a January inside the submission period
    const t0 = Date.now();
    const now = (): Date => new Date(Date.parse('2026-01-20T09:30:00') + Date.now() - t0);
    running = await start(path.join(dir, 'data'), writeRoster(dir, 4), { deadline: '2026-01-31', now });
    context = await chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), 'nianbao-chromium-')), {
      executablePath: '/usr/bin/chromium',
      headless: true,
      acceptDownloads: true,
      viewport: { width: 1180, height: 900 },
      locale: 'zh-CN',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await running?.close();
  });

  it('a unit fails, fixes, passes; the office page shows it', async () => {
    const tokens = await links(path.join(dir, 'data'));
    const files = path.join(dir, 'files');
    const bad = await workbook(files, 1, 'error');
    const good = await workbook(files, 1, 'clean');
    // two other units, so the office page has something to show besides unit 1
    const { submit } = await import('./helpers.js');
    await submit(running.url, tokens.get(unitName(2))!, await workbook(files, 2, 'clean'), '第2局.xlsx');
    await submit(running.url, tokens.get(unitName(3))!, await workbook(files, 3, 'warning'), '第3局.xlsx');

    const office = await context.newPage();
    await office.goto(`${running.url}/admin#${tokenOf(running.adminUrl)}`);
    const row1 = office.locator(`tr[data-unit="${unitName(1)}"]`);
    await expect.poll(() => row1.locator('[data-status]').getAttribute('data-status')).toBe('none');

    const unit = await context.newPage();
    await unit.goto(`${running.url}/u#${tokens.get(unitName(1))}`);
    await expect.poll(() => unit.locator('#unit-name').textContent()).toBe(unitName(1));
    const [download] = await Promise.all([unit.waitForEvent('download'), unit.click('#template')]);
    expect(download.suggestedFilename()).toContain(unitName(1));

    await unit.setInputFiles('#file', bad);
    await expect.poll(() => unit.locator('#banner [data-status]').getAttribute('data-status'), { timeout: 20_000 }).toBe('failed');
    const errorRows = unit.locator('table.findings td.sev-error');
    expect(await errorRows.count()).toBeGreaterThan(0);
    const firstError = await unit.locator('table.findings tr:has(td.sev-error)').first().innerText();
    expect(firstError).toMatch(/三、依申请公开!/);
    const [marked] = await Promise.all([unit.waitForEvent('download'), unit.click('#feedback')]);
    expect(marked.suggestedFilename()).toContain('审核意见');
    await unit.screenshot({ path: path.join(shots, 'unit-failed.png'), fullPage: true });

    await expect.poll(() => row1.locator('[data-status]').getAttribute('data-status'), { timeout: 10_000 }).toBe('failed');

    // the fixed workbook is dragged onto the page this time
    const dropped = await unit.evaluateHandle(
      ({ bytes, name }) => {
        // runs in the page (the test's TypeScript has no DOM types)
        const Transfer = (globalThis as unknown as { DataTransfer: new () => { items: { add(file: unknown): void } } }).DataTransfer;
        const data = new Transfer();
        data.items.add(new File([new Uint8Array(bytes)], name));
        return data;
      },
      { bytes: [...readFileSync(good)], name: '第1局-改.xlsx' },
    );
    await unit.dispatchEvent('#drop', 'drop', { dataTransfer: dropped });
    await expect.poll(() => unit.locator('#banner [data-status]').getAttribute('data-status'), { timeout: 20_000 }).toBe('accepted');
    expect(await unit.locator('#receipt').innerText()).toContain(unitName(1));
    expect(await unit.locator('#history tr').count()).toBe(3); // header + two versions
    expect(await unit.locator('#history').innerText()).toContain('第1局-改.xlsx');
    await unit.screenshot({ path: path.join(shots, 'unit-accepted.png'), fullPage: true });

    // the office page refreshes by itself
    await expect.poll(() => row1.locator('[data-status]').getAttribute('data-status'), { timeout: 10_000 }).toBe('accepted');
    // any version of a unit opens from its detail
    await office.locator(`tr[data-unit="${unitName(1)}"] button`).click();
    await office.locator('#detail-body button[data-version="1"]').click();
    await expect.poll(() => office.locator('#detail-body td.sev-error').count()).toBeGreaterThan(0);
    await office.locator(`tr[data-unit="${unitName(3)}"] button`).click();
    await expect.poll(() => office.locator('#detail-body table.findings').count()).toBe(1);
    expect(await office.locator('#detail-body').innerText()).not.toMatch(/null|\/tmp\//);
    await office.screenshot({ path: path.join(shots, 'office.png'), fullPage: true });
  }, 90_000);
});

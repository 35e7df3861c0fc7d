/**
 * The page in a real browser: Debian's chromium (/usr/bin/chromium, never a downloaded one) driven by
 * playwright-core against `startUi()`. Generate templates from the sample roster, check the sample files, consolidate
 * them and download the summary, read a published report; the summary's totals are compared with the library's own
 * consolidation of the same files. Every request the page makes is intercepted: none may leave 127.0.0.1. Refusals
 * (no token, foreign Origin, foreign Host) and closing from the page are checked too. Screenshots of each page go
 * to out/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { unzipSync } from 'fflate';
import { startUi } from '../../src/ui/start.js';
import type { LocalServer } from '../../src/web/localServer.js';
import { checkFiles } from '../../src/app/check.js';
import { consolidate } from '../../src/app/consolidate.js';
import { readReport } from '../../src/io/readReport.js';
import { readRoster } from '../../src/template/roster.js';
import { fileStatus } from '../../src/ui/views.js';
import { repoRoot } from '../helpers/paths.js';

const county = join(repoRoot, 'samples', '2025-示例县');
const roster = join(county, '名单.csv');
const countyFiles = readdirSync(county).filter((f) => !f.endsWith('.csv')).map((f) => join(county, f));
const publishedText = join(repoRoot, 'samples', '2020-嵩县科技和工业信息化局', '嵩县科技和工业信息化局2020年政府信息公开工作年度报告.txt');
const shots = join(repoRoot, 'out', 'screenshots');

/** the flags the issue fixes: headless, no sandbox (CI runs as root), nothing fetched in the background */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let server: LocalServer;
let context: BrowserContext;
let page: Page;
let profile: string;
let work: string;
const requested: string[] = [];
const leftMachine: string[] = [];
/** the browser's own complaints: a resource the content security policy refused never reaches the route above */
const consoleErrors: string[] = [];

beforeAll(async () => {
  server = await startUi();
  profile = mkdtempSync(join(tmpdir(), 'nianbao-chromium-'));
  work = mkdtempSync(join(tmpdir(), 'nianbao-browser-'));
  mkdirSync(shots, { recursive: true });
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
  });
  // every request of every page goes through here: only 127.0.0.1 (and the page's own data:/blob: URLs) may pass
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    requested.push(url.href);
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
    leftMachine.push(url.href);
    return route.abort();
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('dialog', (d) => void d.accept());
  page.on('console', (m) => {
    // (the refusals the tests provoke, 400 and 403, are expected errors)
    if (m.type() === 'error' && !/status of (400|403)/.test(m.text())) consoleErrors.push(m.text());
  });
  await page.goto(server.address);
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('the page in chromium', () => {
  it('shows the library\'s Chinese refusal for a year without a format, and the page goes on', async () => {
    await page.fill('#t-year', '2015');
    await page.click('#t-go');
    const message = await (await page.waitForSelector('#t-out .message.error')).innerText();
    expect(message).toContain('2015');
  });

  it('generates one template per roster unit as a zip', async () => {
    await page.getByRole('button', { name: '生成模板', exact: true }).click();
    await page.fill('#t-year', '2025');
    await page.fill('#t-region', '示例县');
    await page.setInputFiles('#t-roster', roster);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#t-go')]);
    const saved = join(work, download.suggestedFilename());
    await download.saveAs(saved);
    const entries = Object.keys(unzipSync(readFileSync(saved)));
    const units = await readRoster(roster);
    expect(entries).toHaveLength(units.length);
    for (const u of units) expect(entries.some((e) => e.includes(u.name))).toBe(true);
    // a generated template reads back as that unit's 2025 workbook
    const one = join(work, 'one.xlsx');
    await import('node:fs/promises').then((fs) => fs.writeFile(one, unzipSync(readFileSync(saved))[entries[0]!]!));
    const read = await readReport(one);
    expect(read.ok && read.report.reportYear).toBe(2025);
    expect(await (await page.waitForSelector('#t-out .message.ok')).innerText()).toContain('已生成并下载');
    await page.screenshot({ path: join(shots, '1-生成模板.png'), fullPage: true });
  });

  it('checks the sample files: one row per file with the status the library gives, findings naming sheet and cell', async () => {
    await page.getByRole('button', { name: '校验', exact: true }).click();
    await page.setInputFiles('#c-files', countyFiles);
    await page.click('#c-go');
    await page.waitForSelector('#c-result', { state: 'visible', timeout: 60_000 });
    const library = await checkFiles(countyFiles);
    const rows = page.locator('#c-table tr.file-row');
    expect(await rows.count()).toBe(countyFiles.length);
    for (const f of library.files) {
      const name = f.file.split('/').pop()!;
      expect(await page.locator(`#c-table tr.file-row[data-file="${name}"] .badge`).innerText(), name).toBe(fileStatus(f));
    }
    // the broken file shows its Chinese error in its row and the page goes on
    await page.locator('#c-table tr.file-row[data-file="示例县民政局.xlsx"]').click();
    expect(await page.locator('#c-table').innerText()).toContain('ZIP_CORRUPT');
    // filtering by severity and code leaves only the files with such a finding
    await page.selectOption('#c-sev', 'error');
    await page.selectOption('#c-code', 'BALANCE');
    expect(await rows.count()).toBe(1);
    await page.locator('#c-table tr.file-row').first().click();
    expect(await page.locator('#c-table').innerText()).toContain('三、依申请公开');
    expect(await page.locator('#c-table').innerText()).toContain('E4');
    // the marked-up copies (one per file) and 审核情况 come as one zip
    const [feedback] = await Promise.all([page.waitForEvent('download'), page.click('#c-downloads a[data-kind=feedback]')]);
    const copies = Object.keys(unzipSync(readFileSync(await feedback.path())));
    expect(copies.filter((n) => n.includes('审核意见'))).toHaveLength(countyFiles.length);
    expect(copies.some((n) => n.includes('审核情况'))).toBe(true);
    expect(copies.some((n) => n.startsWith('示例县人力资源和社会保障局_审核意见_'))).toBe(true);
    await page.screenshot({ path: join(shots, '2-校验.png'), fullPage: true });
    await page.selectOption('#c-sev', '');
    await page.selectOption('#c-code', '');
  });

  it('consolidates a dropped folder with the roster: progress, the three tables, 报送情况, charts; the downloaded summary holds the library totals', async () => {
    await page.getByRole('button', { name: '汇总', exact: true }).click();
    await page.fill('#s-year', '2025');
    await page.fill('#s-region', '示例县');
    await page.setInputFiles('#s-roster', roster);
    await page.setInputFiles('#s-folder', county);
    expect(await page.locator('#s-list').innerText()).toContain(`已选择 ${countyFiles.length + 1} 个文件`);
    await page.click('#s-go');
    await page.waitForSelector('#s-result', { state: 'visible', timeout: 90_000 });
    expect(await page.locator('#s-status').innerText()).toBe('汇总完成。');
    expect(await page.locator('#s-tables table').count()).toBe(3);
    expect(await page.locator('#s-charts svg').count()).toBe(3);
    expect(await page.locator('#s-submissions').innerText()).toContain('示例县审计局');
    expect(await page.locator('#s-tables').innerText()).toContain('4812');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#s-downloads a[data-kind=xlsx]')]);
    const saved = join(work, download.suggestedFilename());
    await download.saveAs(saved);
    expect(download.suggestedFilename()).toBe('示例县2025年度政府信息公开统计汇总.xlsx');
    const fromPage = await readReport(saved);
    const library = await consolidate({ inputs: [county], year: 2025, region: '示例县', roster });
    expect(fromPage.ok).toBe(true);
    if (!fromPage.ok) return;
    expect(fromPage.report.source.isSummary).toBe(true);
    const totals = (values: Record<string, { scaled: number | null }>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.scaled]));
    expect(totals(fromPage.report.values)).toEqual(totals(library.summary.values));
    expect(fromPage.report.values['applications.newReceived.total']?.scaled).toBe(4812);
    await page.screenshot({ path: join(shots, '3-汇总.png'), fullPage: true });
  });

  it('reads a pasted published report: the tables as read, no finding, HTML to copy', async () => {
    await page.getByRole('button', { name: '年报文本', exact: true }).click();
    await page.fill('#p-text', readFileSync(publishedText, 'utf8'));
    await page.click('#p-go');
    await page.waitForSelector('#p-result', { state: 'visible', timeout: 30_000 });
    expect(await page.locator('#p-summary').innerText()).toContain('嵩县科技和工业信息化局');
    expect(await page.locator('#p-summary').innerText()).toContain('2020 年度');
    expect(await page.locator('#p-tables table').count()).toBe(3);
    expect(await page.locator('#p-findings .sev-error').count()).toBe(0);
    expect(await page.locator('#p-findings .sev-warning').count()).toBe(0);
    await page.screenshot({ path: join(shots, '4-年报文本.png'), fullPage: true });
  });

  it('no request of the page left 127.0.0.1', () => {
    expect(requested.length).toBeGreaterThan(5);
    expect(leftMachine).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('refuses the page without its token, and API calls from a foreign origin or host', async () => {
    const other = await context.newPage();
    const noToken = await other.goto(server.url.href);
    expect(noToken?.status()).toBe(403);
    expect(await other.textContent('body')).toContain('访问令牌');
    await other.close();
    const raw = (headers: Record<string, string>, path = `/api/info?token=${server.token}`) =>
      new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    expect(await raw({ host: `127.0.0.1:${server.port}` })).toBe(200);
    expect(await raw({ host: `127.0.0.1:${server.port}`, origin: 'http://evil.example' })).toBe(403);
    expect(await raw({ host: `rebind.evil.example:${server.port}` })).toBe(421);
  });

  it('closes from the page: the server stops and the uploads are gone', async () => {
    const folder = server.folder;
    expect(existsSync(folder)).toBe(true);
    await page.click('#shutdown');
    await page.waitForSelector('#closed', { state: 'visible' });
    await server.closed;
    expect(existsSync(folder)).toBe(false);
  });
});

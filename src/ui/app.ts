/**
 * `nianbao ui`'s requests: the page, and one endpoint per page of it, each calling the use case (src/app) the CLI
 * command of the same name calls (template → makeTemplates, check → checkFiles, consolidate → consolidate,
 * parse → parseFiles). Uploads go into the session folder, one folder per request. A request the use case refuses
 * (InputError) comes back as its Chinese message.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { zipSync } from 'fflate';
import { checkFiles } from '../app/check.js';
import { consolidate } from '../app/consolidate.js';
import { parseFiles } from '../app/parse.js';
import { makeTemplates } from '../app/template.js';
import { csvPaths } from '../export/csv.js';
import { firstReportYear, formatForYear } from '../formats/index.js';
import { version } from '../version.js';
import { InputError } from '../io/inputError.js';
import { OutputIsInputError } from '../io/atomicWrite.js';
import { receiveUploads, UploadError, type Upload, type UploadLimits } from '../web/uploads.js';
import { contentTypes, sendBytes, sendError, sendFile, sendJson, sendPage } from '../web/respond.js';
import type { LocalServerContext } from '../web/localServer.js';
import { Jobs } from './jobs.js';
import { pageHtml } from './page.js';
import { checkedFileView, consolidationView, parsedView, shownName } from './views.js';

export interface UiOptions {
  uploadLimits?: UploadLimits;
  /** called when the page asks to close the program */
  onShutdown?: () => void;
}

class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function yearOf(value: string | undefined): number {
  const year = Number((value ?? '').trim());
  if (!Number.isInteger(year)) throw new RequestError('BAD_YEAR', `报告年度“${value ?? ''}”不是年份，例如 2025。`);
  try {
    formatForYear(year);
  } catch (err) {
    throw new RequestError('UNSUPPORTED_YEAR', err instanceof Error ? err.message : String(err));
  }
  return year;
}

const filesOf = (up: Upload, field: string) => up.files.filter((f) => f.field === field);

export function uiHandler(o: UiOptions = {}) {
  const jobs = new Jobs();
  const nonceless = pageHtml();
  const newFolder = async (ctx: LocalServerContext, kind: string) => {
    const dir = join(ctx.folder, `${kind}-${randomBytes(6).toString('hex')}`);
    await mkdir(dir, { recursive: true });
    return dir;
  };

  return async (req: IncomingMessage, res: ServerResponse, ctx: LocalServerContext): Promise<void> => {
    const url = new URL(req.url ?? '/', ctx.url);
    const method = req.method ?? 'GET';
    const route = `${method} ${url.pathname}`;
    try {
      if (route === 'GET /' || route === 'GET /index.html') {
        const nonce = randomBytes(16).toString('base64');
        return sendPage(res, nonceless.replaceAll('__NONCE__', nonce), nonce);
      }
      if (route === 'GET /api/info') {
        return sendJson(res, 200, { version, firstReportYear, defaultYear: new Date().getFullYear() - 1 });
      }
      if (route === 'POST /api/shutdown') {
        sendJson(res, 200, { ok: true, message: '程序已关闭，可以关闭此页面。' });
        res.on('finish', () => o.onShutdown?.());
        return;
      }
      if (route === 'POST /api/template') {
        const dir = await newFolder(ctx, 'template');
        const up = await receiveUploads(req, join(dir, 'in'), o.uploadLimits);
        const year = yearOf(up.fields.year);
        const region = up.fields.region?.trim() || undefined;
        const unitName = up.fields.unit?.trim() || undefined;
        const rosterFile = filesOf(up, 'roster')[0];
        const { written } = await makeTemplates({
          reportYear: year,
          outDir: join(dir, 'out'),
          ...(rosterFile ? { roster: rosterFile.path } : unitName ? { unit: { name: unitName } } : {}),
          ...(region ? { region } : {}),
        });
        if (written.length === 1 && !rosterFile) {
          const w = written[0]!;
          const bytes = await readFile(w.path);
          await rm(dir, { recursive: true, force: true });
          return sendBytes(res, bytes, basename(w.path), contentTypes['.xlsx']!);
        }
        const entries: Record<string, Uint8Array> = {};
        for (const w of written) entries[basename(w.path)] = await readFile(w.path);
        const zip = zipSync(entries, { level: 6 });
        await rm(dir, { recursive: true, force: true });
        return sendBytes(res, zip, `${year}年度统计表模板（${written.length}份）.zip`, contentTypes['.zip']!);
      }
      if (route === 'POST /api/check') {
        const dir = await newFolder(ctx, 'check');
        const up = await receiveUploads(req, join(dir, 'in'), o.uploadLimits);
        const inputs = filesOf(up, 'files');
        if (inputs.length === 0) throw new RequestError('NO_FILES', '没有收到文件：请选择或拖入要校验的文件或文件夹。');
        const previous = filesOf(up, 'previous')[0];
        const base = join(dir, 'in');
        const job = jobs.start('check', async (j) => {
          j.total = inputs.length;
          const feedbackDir = join(dir, 'feedback');
          const result = await checkFiles(
            inputs.map((f) => f.path),
            {
              ...(previous ? { previous: previous.path } : {}),
              // the marked-up 审核意见 copies and 审核情况.xlsx (issue 12's library function), offered as one zip
              feedback: { dir: feedbackDir },
              onResult: (f, done, total) => {
                j.done = done;
                j.total = total;
                j.last = shownName(f.file, base);
              },
            },
          );
          const downloads: { kind: string; label: string }[] = [];
          if (result.feedback) {
            const entries: Record<string, Uint8Array> = {};
            for (const c of result.feedback.copies) entries[basename(c.copy)] = await readFile(c.copy);
            entries[basename(result.feedback.summary)] = await readFile(result.feedback.summary);
            const zip = join(dir, `审核意见（${result.feedback.copies.length}份）.zip`);
            await writeFile(zip, zipSync(entries));
            j.downloads.set('feedback', { path: zip, name: basename(zip), type: contentTypes['.zip']! });
            downloads.push({ kind: 'feedback', label: `审核意见（${result.feedback.copies.length} 份标注副本和审核情况表，zip）` });
          }
          return {
            files: result.files.map((f) => checkedFileView(f, base)),
            skipped: result.skipped.map((x) => ({ file: shownName(x.file, base), message: x.message.split(x.file).join(shownName(x.file, base)) })),
            readCount: result.readCount,
            downloads,
          };
        });
        return sendJson(res, 202, { job: job.id });
      }
      if (route === 'POST /api/consolidate') {
        const dir = await newFolder(ctx, 'consolidate');
        const up = await receiveUploads(req, join(dir, 'in'), o.uploadLimits);
        const inputs = filesOf(up, 'files');
        if (inputs.length === 0) throw new RequestError('NO_FILES', '没有收到文件：请选择或拖入各单位报送的文件或文件夹。');
        const year = yearOf(up.fields.year);
        const region = (up.fields.region ?? '').trim();
        if (!region) throw new RequestError('REGION_MISSING', '请填写汇总的地区名称（例如：某某县）。');
        const roster = filesOf(up, 'roster')[0];
        const previous = filesOf(up, 'previous')[0];
        const outDir = join(dir, 'out');
        await mkdir(outDir, { recursive: true });
        const stem = `${region}${year}年度政府信息公开统计汇总`;
        const out = join(outDir, `${stem}.xlsx`);
        const json = join(outDir, `${stem}.json`);
        const csv = join(outDir, `${stem}.csv`);
        const base = join(dir, 'in');
        const job = jobs.start('consolidate', async (j) => {
          j.total = inputs.length;
          const result = await consolidate({
            inputs: inputs.map((f) => f.path),
            year,
            region,
            out,
            json,
            csv,
            ...(roster ? { roster: roster.path } : {}),
            ...(previous ? { previous: previous.path } : {}),
            excludeInvalid: up.fields.excludeInvalid === 'true',
            onFile: (f, done, total) => {
              j.done = done;
              j.total = total;
              j.last = shownName(f.file, base);
            },
          });
          j.downloads.set('xlsx', { path: out, name: basename(out), type: contentTypes['.xlsx']! });
          j.downloads.set('json', { path: json, name: basename(json), type: contentTypes['.json']! });
          const csvZip = join(outDir, `${stem}-CSV.zip`);
          const entries: Record<string, Uint8Array> = {};
          for (const p of Object.values(csvPaths(csv))) entries[basename(p)] = await readFile(p);
          await writeFile(csvZip, zipSync(entries));
          j.downloads.set('csv', { path: csvZip, name: basename(csvZip), type: contentTypes['.zip']! });
          return consolidationView(result, base, [
            { kind: 'xlsx', label: '汇总表（Excel）' },
            { kind: 'json', label: 'JSON' },
            { kind: 'csv', label: 'CSV（三个文件，zip）' },
          ]);
        });
        return sendJson(res, 202, { job: job.id });
      }
      if (route === 'POST /api/parse') {
        const dir = await newFolder(ctx, 'parse');
        const up = await receiveUploads(req, join(dir, 'in'), o.uploadLimits);
        let file = filesOf(up, 'file')[0]?.path;
        const base = join(dir, 'in');
        if (!file) {
          const text = up.fields.text ?? '';
          if (!text.trim()) throw new RequestError('NO_TEXT', '请粘贴年度报告的文字，或选择一个文件。');
          file = join(base, '粘贴的文本.txt');
          await mkdir(base, { recursive: true });
          await writeFile(file, text, 'utf8');
        }
        const yearField = up.fields.year?.trim();
        const parsed = await parseFiles([file], yearField ? { year: yearOf(yearField) } : {});
        const one = parsed.files[0]!;
        if (!one.report) {
          const finding = one.findings[0];
          return sendJson(res, 200, { file: shownName(file, base), error: { code: finding?.code ?? 'READ_FAILED', message: (finding?.message ?? '').split(file).join(shownName(file, base)) } });
        }
        return sendJson(res, 200, parsedView(file, one.report, one.findings, base));
      }
      const jobMatch = /^\/api\/jobs\/([0-9a-f]+)(?:\/files\/(\w+))?$/.exec(url.pathname);
      if (method === 'GET' && jobMatch) {
        const job = jobs.get(jobMatch[1]!);
        if (!job) return sendError(res, 404, 'NO_JOB', '找不到这项任务（程序重新启动过？）。');
        if (!jobMatch[2]) return sendJson(res, 200, Jobs.status(job));
        const d = job.downloads.get(jobMatch[2]);
        if (!d) return sendError(res, 404, 'NO_FILE', '没有这个文件。');
        return sendFile(res, d.path, d.name, d.type);
      }
      return sendError(res, 404, 'NOT_FOUND', '没有这个页面。');
    } catch (err) {
      if (err instanceof UploadError) throw err;
      if (err instanceof RequestError) return sendError(res, 400, err.code, err.message);
      if (err instanceof InputError || err instanceof OutputIsInputError) return sendError(res, 400, err.code, err.message);
      throw err;
    }
  };
}

/**
 * The portal's two pages (the unit's and the office's), their script and style, as strings compiled into the
 * program: nothing is read from disk, so the single-file executable serves them as well. The pages hold no rule:
 * they call the JSON API and show what it answers. The token lives in the link's #fragment, which browsers never
 * send to a server or in a Referer; the scripts send it as a Bearer header.
 */

const css = `
:root { --err: #b00020; --warn: #9a6700; --ok: #1a7f37; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
header { background: #8b0000; color: #fff; padding: 14px 24px; }
header h1 { margin: 0; font-size: 20px; }
header p { margin: 4px 0 0; opacity: .9; font-size: 14px; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 16px; margin: 16px 0; }
h2 { font-size: 17px; margin: 0 0 12px; }
button, .button { font: inherit; padding: 6px 14px; border: 1px solid #8b0000; background: #8b0000; color: #fff; border-radius: 4px; cursor: pointer; }
button.secondary { background: #fff; color: #8b0000; }
button:disabled { opacity: .5; cursor: default; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f0f2f4; }
.status { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px; color: #fff; background: var(--muted); }
.status.failed, .status.returned { background: var(--err); }
.status.needs_explanation { background: var(--warn); }
.status.accepted { background: var(--ok); }
.late { color: var(--err); font-weight: bold; }
.sev-error { color: var(--err); font-weight: bold; }
.sev-warning { color: var(--warn); font-weight: bold; }
.sev-info { color: var(--muted); }
#drop { border: 2px dashed #8b0000; border-radius: 8px; padding: 28px; text-align: center; background: #fff8f8; }
#drop.over { background: #ffe9e9; }
.muted { color: var(--muted); font-size: 13px; }
.banner { padding: 10px 14px; border-radius: 6px; margin: 8px 0; }
.banner.failed, .banner.returned { background: #ffebe9; border: 1px solid var(--err); }
.banner.needs_explanation { background: #fff8c5; border: 1px solid var(--warn); }
.banner.accepted { background: #dafbe1; border: 1px solid var(--ok); }
textarea { width: 100%; min-height: 80px; font: inherit; }
.bar { height: 14px; background: #eaeef2; border-radius: 7px; overflow: hidden; }
.bar > div { height: 100%; background: #8b0000; width: 0; }
.counts span { margin-right: 18px; }
#receipt { border: 2px solid #1f2328; padding: 16px; margin-top: 12px; }
#receipt h3 { text-align: center; margin-top: 0; }
code { word-break: break-all; }
@media print { header, section:not(.print), .noprint { display: none !important; } body { background: #fff; } section.print { border: none; } }
`;

const common = `
'use strict';
const token = decodeURIComponent(location.hash.slice(1));
const $ = (s) => document.querySelector(s);
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) if (c !== undefined && c !== null) e.append(c instanceof Node ? c : String(c));
  return e;
}
async function api(path, init) {
  const r = await fetch(path, { ...(init || {}), headers: { ...((init && init.headers) || {}), Authorization: 'Bearer ' + token } });
  const type = r.headers.get('content-type') || '';
  if (!r.ok) {
    const body = type.includes('json') ? await r.json() : {};
    throw new Error((body.error && body.error.message) || ('请求失败（' + r.status + '）'));
  }
  return type.includes('json') ? r.json() : r;
}
async function download(path) {
  const r = await api(path);
  const cd = r.headers.get('content-disposition') || '';
  const m = /filename\\*=UTF-8''([^;]+)/.exec(cd);
  const name = m ? decodeURIComponent(m[1]) : 'download';
  const url = URL.createObjectURL(await r.blob());
  const a = el('a', { href: url, download: name });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
const time = (iso) => new Date(iso).toLocaleString('zh-CN', { hour12: false });
const statusBadge = (code, label) => el('span', { class: 'status ' + code, 'data-status': code }, label);
const sevLabel = { error: '错误', warning: '警告', info: '提示' };
function findingsTable(findings) {
  if (!findings.length) return el('p', {}, '没有发现问题。');
  return el('table', { class: 'findings' },
    el('tr', {}, el('th', {}, '级别'), el('th', {}, '位置'), el('th', {}, '说明'), el('th', {}, '代码')),
    findings.map((f) => el('tr', { 'data-code': f.code },
      el('td', { class: 'sev-' + f.severity }, sevLabel[f.severity] || f.severity),
      el('td', {}, (f.cells && f.cells.length ? f.cells.slice(0, 6).join('、') + (f.cells.length > 6 ? ' 等' : '') : (f.sheet || '—'))),
      el('td', {}, f.message),
      el('td', {}, el('code', {}, f.code)))));
}
function showError(e) { const box = $('#error'); box.textContent = e.message || String(e); box.hidden = false; }
`;

const unitScript = `${common}
let me;
const explainHint = {
  failed: '有错误，未通过。请按下列问题修改工作簿后重新上传。',
  needs_explanation: '没有错误，但有警告。请在下方填写情况说明后提交，或修改后重新上传。',
  accepted: '已报送。可打印回执留存。',
  returned: '汇总单位已退回此版本，请按说明修改后重新上传。',
};
function render(findings) {
  $('#unit-name').textContent = me.unit.name;
  $('#meta').textContent = me.region + ' · ' + me.year + ' 年度' + (me.deadline ? ' · 截止日期 ' + me.deadline : '') + (me.unit.code ? ' · ' + me.unit.code : '');
  const result = $('#result');
  result.replaceChildren();
  const latest = me.latest;
  if (!latest) { result.append(el('p', { class: 'muted' }, '尚未报送。请下载本单位模板，填好后上传。')); }
  else {
    result.append(el('div', { class: 'banner ' + latest.status, id: 'banner' },
      statusBadge(latest.status, latest.statusLabel), ' 第 ' + latest.version + ' 版，', time(latest.receivedAt), '：', explainHint[latest.status] || ''));
    if (latest.returnedNote) result.append(el('p', { id: 'returned-note' }, '退回说明：', latest.returnedNote));
    if (latest.explanation) result.append(el('p', {}, '情况说明：', latest.explanation));
    result.append(findingsTable(findings || []));
    if (latest.status !== 'accepted') {
      result.append(el('p', { class: 'noprint' }, el('button', { id: 'feedback', class: 'secondary', onclick: () => download('/api/v1/me/versions/' + latest.version + '/feedback').catch(showError) }, '下载标注了问题的副本'),
        el('span', { class: 'muted' }, ' 问题单元格已标色并附批注，另有“审核意见”工作表；可在副本上修改后重新上传。')));
    }
    if (latest.status === 'needs_explanation') {
      const ta = el('textarea', { id: 'explanation', placeholder: '请说明上述警告的情况（例如：本年度确无收费）' });
      result.append(el('h2', {}, '情况说明'), ta, el('p', {}, el('button', { id: 'explain', onclick: async () => {
        try { await api('/api/v1/me/versions/' + latest.version + '/explanation', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ explanation: ta.value }) }); await load(); }
        catch (e) { showError(e); }
      } }, '提交说明')));
    }
    if (latest.status === 'accepted') {
      result.append(el('p', { class: 'noprint' }, el('button', { id: 'print', onclick: () => window.print() }, '打印回执')));
    }
  }
  const rc = $('#receipt-section');
  if (me.accepted) {
    const a = me.accepted;
    rc.hidden = false;
    $('#receipt').replaceChildren(
      el('h3', {}, me.year + ' 年度政府信息公开工作年度报告统计表 报送回执'),
      el('table', {},
        el('tr', {}, el('th', {}, '单位'), el('td', {}, me.unit.name + (me.unit.code ? '（' + me.unit.code + '）' : ''))),
        el('tr', {}, el('th', {}, '汇总单位'), el('td', {}, me.region)),
        el('tr', {}, el('th', {}, '版本'), el('td', {}, '第 ' + a.version + ' 版')),
        el('tr', {}, el('th', {}, '接收时间'), el('td', {}, time(a.receivedAt))),
        el('tr', {}, el('th', {}, '文件 SHA-256'), el('td', {}, el('code', {}, a.sha256))),
        el('tr', {}, el('th', {}, '状态'), el('td', {}, a.statusLabel + (a.warnings ? '（' + a.warnings + ' 个警告已说明）' : '')))));
  } else rc.hidden = true;
  const h = $('#history');
  h.replaceChildren(el('tr', {}, el('th', {}, '版本'), el('th', {}, '上传时间'), el('th', {}, '文件'), el('th', {}, '状态'), el('th', {}, '错误'), el('th', {}, '警告'), el('th', {}, '')));
  for (const s of me.history) h.append(el('tr', {},
    el('td', {}, s.version), el('td', {}, time(s.receivedAt)), el('td', {}, s.fileName || '（未命名）'), el('td', {}, statusBadge(s.status, s.statusLabel)),
    el('td', {}, s.errors), el('td', {}, s.warnings),
    el('td', {}, el('button', { class: 'secondary', onclick: () => download('/api/v1/me/versions/' + s.version + '/file').catch(showError) }, '下载'))));
}
async function load() {
  me = await api('/api/v1/me');
  render(me.latestFindings);
}
async function upload(file) {
  $('#error').hidden = true;
  $('#progress').textContent = '正在上传并校验“' + file.name + '”…';
  const form = new FormData();
  form.append('file', file, file.name);
  try {
    await api('/api/v1/submissions', { method: 'POST', body: form });
    await load();
    $('#progress').textContent = '';
  } catch (e) { $('#progress').textContent = ''; showError(e); }
}
document.addEventListener('DOMContentLoaded', () => {
  $('#template').addEventListener('click', () => download('/api/v1/me/template').catch(showError));
  $('#file').addEventListener('change', (e) => { const f = e.target.files[0]; if (f) upload(f); e.target.value = ''; });
  const drop = $('#drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); const f = e.dataTransfer.files[0]; if (f) upload(f); });
  load().catch(showError);
});
`;

const adminScript = `${common}
let open = null;
async function refresh() {
  const s = await api('/api/v1/status');
  $('#meta').textContent = s.region + ' · ' + s.year + ' 年度' + (s.deadline ? ' · 截止日期 ' + s.deadline : '');
  const c = s.counts;
  $('#counts').replaceChildren(
    el('span', {}, '应报 ', el('b', {}, s.units.length)), el('span', {}, '已报送 ', el('b', { id: 'n-accepted' }, c.accepted)),
    el('span', {}, '待说明 ', el('b', {}, c.needs_explanation)), el('span', {}, '未通过 ', el('b', { id: 'n-failed' }, c.failed)),
    el('span', {}, '已退回 ', el('b', {}, c.returned)), el('span', {}, '未报送 ', el('b', { id: 'n-none' }, c.none)),
    el('span', { class: c.late ? 'late' : '' }, '逾期 ', el('b', {}, c.late)));
  const t = $('#units');
  t.replaceChildren(el('tr', {}, el('th', {}, '单位'), el('th', {}, '状态'), el('th', {}, '版本'), el('th', {}, '最近上传'), el('th', {}, '错误/警告'), el('th', {}, '情况说明'), el('th', {}, '')));
  for (const u of s.units) {
    const l = u.latest;
    t.append(el('tr', { 'data-unit': u.unit.name },
      el('td', {}, u.unit.name, u.unit.code ? el('div', { class: 'muted' }, u.unit.code) : null),
      el('td', {}, statusBadge(u.status, u.statusLabel), u.late ? el('span', { class: 'late' }, ' 逾期') : null),
      el('td', {}, u.versions || ''), el('td', {}, l ? time(l.receivedAt) : ''),
      el('td', {}, l ? l.errors + ' / ' + l.warnings : ''), el('td', {}, l && l.explanation ? l.explanation : ''),
      el('td', {}, l ? el('button', { class: 'secondary', onclick: () => { open = { unit: u.unit.id, version: l.version }; showVersion(); } }, '查看') : null)));
  }
}
async function showVersion() {
  if (!open) return;
  const base = '/api/v1/units/' + open.unit + '/versions/' + open.version;
  const [v, all] = await Promise.all([api(base), api('/api/v1/units/' + open.unit)]);
  const versions = el('p', { class: 'muted' }, '全部版本：', all.history.map((h) => [el('button', { class: 'secondary', 'data-version': h.version, onclick: () => { open = { unit: open.unit, version: h.version }; showVersion().catch(showError); } }, '第 ' + h.version + ' 版 ' + h.statusLabel), ' ']));
  const box = $('#detail');
  box.hidden = false;
  const note = el('input', { id: 'return-note', placeholder: '退回原因（单位会看到）', size: '50' });
  $('#detail-body').replaceChildren(...[
    el('p', {}, el('b', {}, v.unit.name), ' 第 ' + v.version + ' 版 ', statusBadge(v.status, v.statusLabel), ' ', time(v.receivedAt), ' ', el('span', { class: 'muted' }, 'SHA-256 ' + v.sha256)),
    versions,
    v.explanation ? el('p', {}, '情况说明：', v.explanation) : null,
    v.returnedNote ? el('p', {}, '退回说明：', v.returnedNote) : null,
    findingsTable(v.findings),
    el('p', {}, el('button', { class: 'secondary', onclick: () => download(base + '/file').catch(showError) }, '下载此文件'), ' ',
      el('button', { class: 'secondary', onclick: () => download(base + '/feedback').catch(showError) }, '下载审核意见副本'), ' ', note, ' ',
      el('button', { id: 'return', onclick: async () => {
        try { await api(base + '/return', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ note: note.value }) }); await refresh(); await showVersion(); }
        catch (e) { showError(e); }
      } }, '退回'))].filter(Boolean));
}
async function pollJob() {
  const j = await api('/api/v1/consolidate');
  $('#job-bar').style.width = (j.total ? Math.round(100 * j.done / j.total) : 0) + '%';
  $('#job-text').textContent = j.state === 'idle' ? '' : j.state === 'running' ? '正在汇总 ' + j.done + '/' + j.total : (j.message || '');
  $('#job-files').replaceChildren(...j.outputs.map((o) => el('li', {}, el('a', { href: '#', onclick: (e) => { e.preventDefault(); download('/api/v1/consolidate/files/' + encodeURIComponent(o)).catch(showError); } }, o))));
  if (j.state === 'running') setTimeout(() => pollJob().catch(showError), 500);
}
document.addEventListener('DOMContentLoaded', () => {
  $('#zip').addEventListener('click', () => download('/api/v1/accepted.zip').catch(showError));
  $('#consolidate').addEventListener('click', async () => { try { await api('/api/v1/consolidate', { method: 'POST' }); await pollJob(); } catch (e) { showError(e); } });
  refresh().catch(showError);
  pollJob().catch(() => {});
  setInterval(() => refresh().catch(showError), 3000);
});
`;

const page = (title: string, script: string | undefined, body: string): string => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="stylesheet" href="/assets/portal.css">${script ? `<script src="/assets/${script}" defer></script>` : ''}</head>
<body>${body}</body></html>`;

const unitHtml = page(
  '统计表报送',
  'unit.js',
  `<header><h1>政府信息公开工作年度报告统计表报送 · <span id="unit-name"></span></h1><p id="meta"></p></header>
<main>
<p id="error" class="banner failed" hidden></p>
<section class="noprint"><h2>第一步：下载本单位模板</h2><p><button id="template">下载本单位模板（已填好单位名称和代码）</button></p></section>
<section class="noprint"><h2>第二步：上传填好的工作簿</h2>
<div id="drop"><p>把工作簿拖到这里，或 <label class="button" for="file">选择文件</label></p>
<input id="file" type="file" accept=".xlsx,.xls,.et,.ods" hidden><p class="muted">上传后立即校验，结果显示在下方。</p></div>
<p id="progress"></p></section>
<section class="noprint"><h2>校验结果</h2><div id="result"></div></section>
<section id="receipt-section" class="print" hidden><div id="receipt"></div></section>
<section class="noprint"><h2>报送记录（每个版本都保留）</h2><table id="history"></table></section>
</main>`,
);

const adminHtml = page(
  '报送情况',
  'admin.js',
  `<header><h1>政府信息公开工作年度报告统计表 · 报送情况</h1><p id="meta"></p></header>
<main>
<p id="error" class="banner failed" hidden></p>
<section><h2>概况</h2><p class="counts" id="counts"></p>
<p><button id="zip" class="secondary">下载已报送的工作簿（zip）</button> <button id="consolidate">汇总已报送的最新版本</button></p>
<div class="bar"><div id="job-bar"></div></div><p id="job-text" class="muted"></p><ul id="job-files"></ul></section>
<section id="detail" hidden><h2>报送详情</h2><div id="detail-body"></div></section>
<section><h2>各单位</h2><table id="units"></table></section>
</main>`,
);

const indexHtml = page('统计表报送', undefined, '<header><h1>政府信息公开工作年度报告统计表报送</h1></header><main><section><p>请使用汇总单位发给本单位的专用链接打开。</p></section></main>');

export function pageAssets(): Map<string, { type: string; body: string }> {
  const html = 'text/html; charset=utf-8';
  const js = 'text/javascript; charset=utf-8';
  return new Map([
    ['/index.html', { type: html, body: indexHtml }],
    ['/unit.html', { type: html, body: unitHtml }],
    ['/admin.html', { type: html, body: adminHtml }],
    ['/assets/portal.css', { type: 'text/css; charset=utf-8', body: css }],
    ['/assets/unit.js', { type: js, body: unitScript }],
    ['/assets/admin.js', { type: js, body: adminScript }],
  ]);
}

/**
 * `nianbao serve --year 2025 --region 某某县 --roster 名单.xlsx --data DIR [--host ADDR] [--port N] [--deadline D]
 * [--tls-cert F --tls-key F] [--public-url URL]`: the collection portal. Parses arguments, starts the portal
 * (src/portal), prints where to find the links, and stops cleanly on Ctrl+C.
 */
import type { CommandModule } from 'yargs';
import { parseReportYear } from '../options.js';

interface ServeArgs {
  year: number;
  region: string;
  roster: string;
  data: string;
  host?: string;
  port: number;
  deadline?: string;
  'tls-cert'?: string;
  'tls-key'?: string;
  'public-url'?: string;
}

function parsePort(raw: unknown): number {
  const text = String(raw).trim();
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new Error(`--port 的值“${text}”应为 0–65535 的整数。`);
  return Number(text);
}

function parseDeadline(raw: unknown): string {
  const text = String(raw).trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(new Date(`${text}T00:00:00`).getTime())) {
    throw new Error(`--deadline 的值“${text}”应为日期，例如 2026-01-31。`);
  }
  return text;
}

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: '启动报送门户：每个单位用专用链接上传统计表并立即看到校验结果，汇总单位查看报送情况并汇总',
  builder: (y) =>
    y
      .option('year', { type: 'string', coerce: parseReportYear, demandOption: true, describe: '报告年度，如 2025' })
      .option('region', { type: 'string', demandOption: true, describe: '汇总的地区名称，如 某某县' })
      .option('roster', { type: 'string', demandOption: true, describe: '报送名单 .xlsx、.csv 或 .xls/.et/.ods（列：单位名称，可选 统一社会信用代码）' })
      .option('data', { type: 'string', demandOption: true, describe: '数据目录：数据库、上传的文件、链接表都保存在这里；再次启动时从这里继续' })
      .option('host', { type: 'string', describe: '监听地址（默认 127.0.0.1，仅本机；局域网内使用请指定本机的局域网地址或 0.0.0.0）' })
      .option('port', { type: 'string', coerce: parsePort, default: '8765', describe: '端口' })
      .option('deadline', { type: 'string', coerce: parseDeadline, describe: '报送截止日期，如 2026-01-31（之后报送的标为逾期）' })
      .option('tls-cert', { type: 'string', describe: 'HTTPS 证书文件（PEM），与 --tls-key 一起使用' })
      .option('tls-key', { type: 'string', describe: 'HTTPS 私钥文件（PEM）' })
      .option('public-url', { type: 'string', describe: '单位访问本门户用的地址（写进链接），如 http://192.168.1.10:8765；默认为监听地址' })
      .check((a) => {
        if (!!a['tls-cert'] !== !!a['tls-key']) throw new Error('--tls-cert 和 --tls-key 需要同时给出。');
        return true;
      })
      .example('nianbao serve --year 2025 --region 某某县 --roster 名单.xlsx --data 报送门户 --deadline 2026-01-31', '') as never,
  handler: async (a) => {
    const { startPortal } = await import('../../portal/start.js');
    const running = await startPortal({
      year: a.year,
      region: a.region,
      roster: a.roster,
      dataDir: a.data,
      port: a.port,
      ...(a.host ? { host: a.host } : {}),
      ...(a.deadline ? { deadline: a.deadline } : {}),
      ...(a['tls-cert'] && a['tls-key'] ? { tlsCert: a['tls-cert'], tlsKey: a['tls-key'] } : {}),
      ...(a['public-url'] ? { publicUrl: a['public-url'] } : {}),
    });
    const out = process.stdout;
    out.write(`报送门户已启动：${running.url}\n`);
    out.write(`单位 ${running.units} 个（本次新增 ${running.added} 个）。各单位的专用链接：${running.linkFiles.join('、')}\n`);
    out.write(`汇总单位（管理员）链接，请勿外传：\n  ${running.adminUrl}\n`);
    out.write('按 Ctrl+C 停止（再次启动时用同一个 --data 目录即可继续）。\n');
    const stop = (): void => {
      void running.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await new Promise(() => {});
  },
};

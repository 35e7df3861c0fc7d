/**
 * `nianbao ui [--port N] [--no-open]`: the local page on 127.0.0.1, for doing everything with the mouse. Prints one
 * line with the address (token included) and opens the browser; Ctrl-C or the page's 关闭 button stops it and
 * removes every uploaded file.
 */
import type { CommandModule } from 'yargs';

interface UiArgs {
  port?: number;
  open: boolean;
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port 应为 1–65535 之间的整数，收到“${value}”。`);
  return port;
}

export const uiCommand: CommandModule<object, UiArgs> = {
  command: 'ui',
  describe: '在本机浏览器中打开操作页面（生成模板、校验、汇总、年报文本），数据不离开本机',
  builder: (y) =>
    y
      .option('port', { type: 'string', coerce: parsePort, describe: '端口（默认自动选择空闲端口）' })
      .option('open', { type: 'boolean', default: true, describe: '自动打开浏览器（--no-open 不打开）' })
      .example('nianbao ui', '启动并打开浏览器') as never,
  handler: async (args) => {
    const [{ startUi }, { openBrowser }] = await Promise.all([import('../../ui/start.js'), import('../../ui/openBrowser.js')]);
    const server = await startUi({ ...(args.port !== undefined ? { port: args.port } : {}) });
    process.stdout.write(`nianbao 页面已启动：${server.address}\n（按 Ctrl-C 或在页面上点“关闭程序”退出；上传的文件会在退出时删除）\n`);
    if (args.open) openBrowser(server.address);
    const stop = () => void server.close();
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    process.on('SIGHUP', stop);
    await server.closed;
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.off('SIGHUP', stop);
    process.stdout.write('nianbao 页面已关闭，临时文件已删除。\n');
  },
};

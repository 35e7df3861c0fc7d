/**
 * `nianbao ui` as a library call: the local server with the page's handler. Closing it (Ctrl-C, the page's 关闭
 * button, or `close()`) removes every upload.
 */
import { startLocalServer, type LocalServer } from '../web/localServer.js';
import type { UploadLimits } from '../web/uploads.js';
import { uiHandler } from './app.js';

export interface StartUiOptions {
  port?: number;
  token?: string;
  uploadLimits?: UploadLimits;
}

export async function startUi(o: StartUiOptions = {}): Promise<LocalServer> {
  let server: LocalServer | undefined;
  server = await startLocalServer({
    ...(o.port !== undefined ? { port: o.port } : {}),
    ...(o.token !== undefined ? { token: o.token } : {}),
    folderPrefix: 'nianbao-ui-',
    handler: uiHandler({
      ...(o.uploadLimits ? { uploadLimits: o.uploadLimits } : {}),
      onShutdown: () => void server?.close(),
    }),
  });
  return server;
}

/**
 * `nianbao serve` as a library call: open (or continue) the data folder, enrol the roster's units, listen, and write
 * the links the clerk sends out (链接.xlsx/.csv, one per unit) and the office's own link (管理员链接.txt).
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import { readRoster } from '../template/roster.js';
import { writeAtomically } from '../io/atomicWrite.js';
import { listen, type ServeOptions } from './server.js';
import { adminLink, Portal, type PortalOptions } from './service.js';

export interface StartPortalOptions extends PortalOptions, ServeOptions {
  roster: string;
  /** the address units will use in their links (default: the address listened on) */
  publicUrl?: string;
}

export interface RunningPortal {
  portal: Portal;
  server: Server;
  url: string;
  adminUrl: string;
  /** units added from the roster in this start */
  added: number;
  units: number;
  linkFiles: string[];
  close(): Promise<void>;
}

export const adminLinkFileName = '管理员链接.txt';

async function adminToken(portal: Portal, dataDir: string): Promise<string> {
  try {
    const text = await readFile(path.join(dataDir, adminLinkFileName), 'utf8');
    const m = /#([A-Za-z0-9_-]{43})\s*$/m.exec(text);
    if (m && portal.store.isAdminToken(m[1]!)) return m[1]!;
  } catch {
    /* first start, or the file was removed: a new admin token replaces the old */
  }
  return portal.store.newAdminToken();
}

export async function startPortal(o: StartPortalOptions): Promise<RunningPortal> {
  const roster = await readRoster(o.roster);
  const portal = await Portal.open(o);
  try {
    const { added, tokens } = await portal.enrol(roster);
    const admin = await adminToken(portal, o.dataDir);
    const { server, url } = await listen(portal, o);
    const base = (o.publicUrl ?? url).replace(/\/+$/, '');
    const linkFiles = await portal.writeLinks(base, tokens);
    const adminUrl = adminLink(base, admin);
    await writeAtomically(path.join(o.dataDir, adminLinkFileName), (tmp) =>
      writeFile(tmp, `汇总单位（管理员）链接，请勿外传：\n${adminUrl}\n`, { mode: 0o600 }),
    );
    portal.store.audit('system', 'started', JSON.stringify({ url: base, added }));
    return {
      portal,
      server,
      url,
      adminUrl,
      added,
      units: portal.store.units().length,
      linkFiles,
      close: async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        portal.close();
      },
    };
  } catch (err) {
    portal.close();
    throw err;
  }
}

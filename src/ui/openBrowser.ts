/** Open an address in the user's default browser; failure is not an error (the address is printed anyway). */
import { spawn } from 'node:child_process';

export function openBrowser(address: string): void {
  const [command, args] =
    process.platform === 'win32'
      ? ['cmd.exe', ['/d', '/s', '/c', `start "" "${address}"`]]
      : process.platform === 'darwin'
        ? ['open', [address]]
        : ['xdg-open', [address]];
  try {
    const child = spawn(command, args as string[], { detached: true, stdio: 'ignore', windowsVerbatimArguments: true, windowsHide: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // no browser to open: the printed address is enough
  }
}

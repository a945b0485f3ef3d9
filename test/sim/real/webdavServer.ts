// A real WebDAV server for the tests, started on 127.0.0.1 on a free port
// (webdav-server, in memory); null with the reason when it cannot start.
import { createRequire } from 'node:module';

export type RunningServer = { url: string; stop: () => Promise<void> };

export async function startWebdavServer(): Promise<RunningServer | string> {
  let webdav: { v2: { WebDAVServer: new (options: object) => { startAsync: (port: number) => Promise<{ address: () => { port: number } }>; stopAsync: () => Promise<void> } } };
  try {
    webdav = createRequire(import.meta.url)('webdav-server') as typeof webdav;
  } catch (error) {
    return `the webdav-server package cannot be loaded (${(error as Error).message}); run npm ci`;
  }
  const server = new webdav.v2.WebDAVServer({ hostname: '127.0.0.1', port: 0 });
  try {
    const http = await server.startAsync(0);
    return { url: `http://127.0.0.1:${http.address().port}`, stop: () => server.stopAsync() };
  } catch (error) {
    return `the WebDAV server did not start on 127.0.0.1: ${(error as Error).message}`;
  }
}

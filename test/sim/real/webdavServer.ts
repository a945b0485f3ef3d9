// A real WebDAV server for the tests, started on 127.0.0.1 on a free port
// (webdav-server, in memory); the reason as a string when it cannot start.
//
// webdav-server ignores If-None-Match: * on PUT (the test beside the WebDAV
// contract shows it). `honourIfNoneMatch` adds the check in front of its PUT,
// so that the adapter's `create` can be tested against a server that keeps
// RFC 9110; the check and the write are two steps, so it is not atomic
// against a concurrent PUT, and no run-real test relies on it.
import { createRequire } from 'node:module';

export type RunningServer = { url: string; stop: () => Promise<void> };

type Resource = { type: (callback: (error: Error | undefined, type: unknown) => void) => void };
type Context = {
  request: { method?: string; headers: Record<string, string | string[] | undefined> };
  getResource: (callback: (error: Error | undefined, resource: Resource) => void) => void;
  setCode: (code: number) => void;
  exit: () => void;
};
type Server = {
  startAsync: (port: number) => Promise<{ address: () => { port: number } }>;
  stopAsync: () => Promise<void>;
  beforeRequest: (listener: (context: Context, next: () => void) => void) => void;
};

export async function startWebdavServer(options: { honourIfNoneMatch?: boolean } = {}): Promise<RunningServer | string> {
  let webdav: { v2: { WebDAVServer: new (options: object) => Server } };
  try {
    webdav = createRequire(import.meta.url)('webdav-server') as typeof webdav;
  } catch (error) {
    return `the webdav-server package cannot be loaded (${(error as Error).message}); run npm ci`;
  }
  const server = new webdav.v2.WebDAVServer({ hostname: '127.0.0.1', port: 0 });
  if (options.honourIfNoneMatch === true) {
    server.beforeRequest((context, next) => {
      if (context.request.method !== 'PUT' || context.request.headers['if-none-match'] !== '*') return next();
      context.getResource((error, resource) => {
        if (error !== undefined && error !== null) return next();
        resource.type((typeError) => {
          // A type means the resource is there: the conditional PUT fails.
          if (typeError !== undefined && typeError !== null) return next();
          context.setCode(412);
          context.exit();
        });
      });
    });
  }
  try {
    const http = await server.startAsync(0);
    return { url: `http://127.0.0.1:${http.address().port}`, stop: () => server.stopAsync() };
  } catch (error) {
    return `the WebDAV server did not start on 127.0.0.1: ${(error as Error).message}`;
  }
}

import { FtpSrv } from 'ftp-srv';
import { freePort } from './free-port';

/**
 * A real FTP server (ftp-srv) on loopback whose one user uploads into a drop folder, as an
 * agency's uploads land in production. Passive data connections on loopback too.
 */
export async function ftpDropServer(
  root: string,
): Promise<{ url: string; user: string; password: string; close(): Promise<void> }> {
  const port = await freePort();
  const pasv = await freePort();
  const user = 'agency';
  const password = 'agency-pass';
  const server = new FtpSrv({
    url: `ftp://127.0.0.1:${port}`,
    pasv_url: '127.0.0.1',
    pasv_min: pasv,
    pasv_max: pasv + 20,
    anonymous: false,
    log: silentLogger() as never,
  });
  server.on('login', ({ username, password: given }, resolve, reject) =>
    username === user && given === password ? resolve({ root }) : reject(new Error('bad login')),
  );
  await server.listen();
  return { url: `127.0.0.1:${port}`, user, password, close: () => server.close() };
}

/** ftp-srv logs through bunyan by default: nothing here, the test says what matters. */
function silentLogger() {
  const noop = () => undefined;
  const logger = {
    trace: noop,
    debug: noop,
    info: noop,
    warn: noop,
    error: noop,
    fatal: noop,
    child: () => logger,
  };
  return logger;
}

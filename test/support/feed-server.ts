import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A feed item the server serves; its id and body say which item (and which edit) it is. */
export interface ServedItem {
  id: string;
  title: string;
  body: string;
}

export function rssDocument(items: ServedItem[], title = 'Loopback Ledger'): string {
  const entries = items
    .map(
      (i) =>
        `<item><title>${i.title}</title><guid isPermaLink="false">${i.id}</guid>` +
        `<description><![CDATA[<p>${i.body}</p>]]></description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${title}</title><link>https://ledger.example/</link><language>en</language>
<lastBuildDate>${new Date().toUTCString()}</lastBuildDate>
${entries}
</channel></rss>`;
}

/**
 * A feed server on loopback for the ingest tests: an RSS feed that changes between polls (with an
 * ETag, answering 304 while unchanged), and paths that fail each way a real one does: 500, 429 with
 * Retry-After, a hang, redirects (a chain and a loop), malformed XML, and a 20 MB body. It records
 * every request, so a test can check when the ingest app came back.
 */
export class FeedServer {
  items: ServedItem[] = [];
  private version = 0;
  readonly requests: { path: string; at: number; headers: IncomingMessage['headers'] }[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private server!: Server;
  url = '';
  retryAfterSeconds = 3;
  /** How long /rss takes to answer: a poll then spans a kill. */
  delayMs = 0;

  /** Replaces the items: the next poll sees a new document (and ETag). */
  setItems(items: ServedItem[]): void {
    this.items = items;
    this.version++;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  hits(path: string): { at: number; headers: IncomingMessage['headers'] }[] {
    return this.requests.filter((r) => r.path === path);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    this.requests.push({ path, at: Date.now(), headers: req.headers });
    const etag = `"v${this.version}"`;
    switch (path) {
      case '/rss': {
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, { etag }).end();
          return;
        }
        const body = rssDocument(this.items);
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag });
          res.end(body);
        }, this.delayMs);
        return;
      }
      case '/redirect/1':
      case '/redirect/2':
        res.writeHead(302, { location: path === '/redirect/1' ? '/redirect/2' : '/rss' }).end();
        return;
      case '/loop':
        res.writeHead(301, { location: '/loop' }).end();
        return;
      case '/500':
        res.writeHead(500).end('down');
        return;
      case '/429':
        res.writeHead(429, { 'retry-after': String(this.retryAfterSeconds) }).end();
        return;
      case '/hang':
        this.hanging.add(res);
        return;
      case '/malformed':
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end('<rss version="2.0"><channel><title>Broken</title><item><title>Half</channel></rss>');
        return;
      case '/huge':
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        // 20 MB with no Content-Length: the limit must hold while the body streams.
        for (let i = 0; i < 20; i++) res.write(Buffer.alloc(1024 * 1024, 0x20));
        res.end();
        return;
      case '/auth':
        if (req.headers.authorization !== 'Basic ' + Buffer.from('ledger:s3cret').toString('base64')) {
          res.writeHead(401).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
        res.end(rssDocument(this.items.slice(0, 1), 'Members Only'));
        return;
      default:
        res.writeHead(404).end();
    }
  }
}

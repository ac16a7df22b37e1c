import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { Socket } from 'node:net';
import path from 'node:path';
import iconv from 'iconv-lite';

/**
 * Serves a fixture site from a folder on 127.0.0.1, with knobs that make it misbehave the
 * way real government servers do. Used by `gov-inspector demo`, the tests and the bench.
 *
 * Query knobs on any path: `status=N`, `delay=ms`, `redirect=URL`, `hang=1` (never
 * answers), `reset=1` (drops the connection), `drip=ms` (one byte per interval),
 * `waf=1` (403 from a cloud firewall), `nohead=1` (405 to HEAD), `loop=1` (redirects to
 * `loop=2`, which redirects back), `once429=key` (429
 * with Retry-After: 1 the first time per key), `type=mime`.
 *
 * Text files may use `{{ORIGIN}}` (this server) and `{{EXTERNAL}}` (a second server
 * standing for other sites). A page containing `<!-- encode:gbk -->` is sent in GBK; with
 * `<!-- header-charset -->` too, the Content-Type names the charset, otherwise only the
 * page's `<meta>` (or nothing) says it.
 *
 * Hanweb's list endpoint `/module/web/jpage/dataproxy.jsp` answers a POST (only: a GET is
 * 405, as the list script never sends one) with records `startrecord`…`endrecord` of
 * `module/web/jpage/records/<columnid>.xml` (one `<record><![CDATA[…]]></record>` each).
 *
 * The gkmlpt list API `/gkmlpt/api/all/<id>?page=N&sid=S` answers page N of the articles
 * in `gkmlpt/api/all/<id>.json` (`{ "pageSize": n, "articles": [...] }`) as
 * `{ "articles": [...], "total": N }`; without `sid` it answers 400, as the real one does.
 */
export interface FixtureServerOptions {
  root: string;
  port?: number;
  host?: string;
  /** Origin substituted for `{{EXTERNAL}}`. */
  externalOrigin?: string;
  /** Delay before every answer (the bench's realistic server latency), or one per request path (a server slow on some pages). */
  delayMs?: number | ((path: string) => number);
  /** Extra routes tried before files; return true when handled. */
  routes?: Record<string, (req: IncomingMessage, res: ServerResponse, server: FixtureServer) => void | Promise<void>>;
}

export interface RequestLogEntry {
  method: string;
  url: string;
  userAgent: string;
  at: number;
  headers: IncomingMessage['headers'];
  /** Filled when the response ends: status and body bytes sent. */
  status?: number;
  bytes?: number;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.shtml': 'text/html',
  '.jsp': 'text/html',
  '.action': 'text/html',
  '.do': 'text/html',
  '.css': 'text/css',
  '.js': 'application/javascript',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.zip': 'application/zip',
  '.rar': 'application/x-rar-compressed',
  '.wps': 'application/kswps',
  '.csv': 'text/csv',
  '.rss': 'application/rss+xml',
  '.atom': 'application/atom+xml',
};
const TEXT_TYPES = /^(text\/|application\/(javascript|json|xml|rss\+xml|atom\+xml))/;

export class FixtureServer {
  readonly log: RequestLogEntry[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly once429 = new Set<string>();
  origin = '';
  /** Requests being answered now, and the most ever at once (politeness across processes). */
  inFlight = 0;
  maxInFlight = 0;

  constructor(private readonly options: FixtureServerOptions) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      void this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    this.origin = `http://${this.options.host ?? '127.0.0.1'}:${port}`;
    return this.origin;
  }

  /** The folder served now. */
  get root(): string {
    return this.options.root;
  }

  /** Serves another folder from now on, at the same address (a site that changed between visits). */
  serveFrom(root: string): void {
    this.options.root = root;
  }

  set externalOrigin(origin: string) {
    this.options.externalOrigin = origin;
  }

  /** Requests whose path (with query) matches. */
  requests(match: RegExp | string): RequestLogEntry[] {
    return this.log.filter((r) => (typeof match === 'string' ? r.url === match : match.test(r.url)));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const entry: RequestLogEntry = { method: req.method ?? 'GET', url: url.pathname + url.search, userAgent: req.headers['user-agent'] ?? '', at: Date.now(), headers: req.headers };
    this.log.push(entry);
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    res.once('close', () => this.inFlight--);
    const { delayMs } = this.options;
    const wait = typeof delayMs === 'function' ? delayMs(url.pathname) : delayMs;
    if (wait) await new Promise((r) => setTimeout(r, wait));
    let sent = 0;
    const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
    res.write = ((chunk: unknown, ...rest: unknown[]) => ((sent += chunkSize(chunk)), write(chunk, ...rest))) as typeof res.write;
    const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => ((sent += chunkSize(chunk)), end(chunk, ...rest))) as typeof res.end;
    res.once('finish', () => Object.assign(entry, { status: res.statusCode, bytes: sent }));
    const q = url.searchParams;
    const route = this.options.routes?.[url.pathname];
    if (route) return route(req, res, this);
    if (url.pathname.endsWith('/module/web/jpage/dataproxy.jsp')) return this.serveRecords(req, res, q);
    if (/^\/gkmlpt\/api\/all\/\d+$/.test(url.pathname)) return this.serveGkmlpt(url.pathname, res, q);
    if (q.has('hang')) return; // never answers; the socket is destroyed on stop()
    if (q.has('reset')) {
      req.socket.destroy();
      return;
    }
    const delay = Number(q.get('delay') ?? 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const key = q.get('once429');
    if (key && !this.once429.has(key)) {
      this.once429.add(key);
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' });
      return void res.end('Too Many Requests');
    }
    if (q.has('loop')) {
      res.writeHead(302, { location: `${url.pathname}?loop=${q.get('loop') === '1' ? 2 : 1}` });
      return void res.end();
    }
    if (q.has('redirect')) {
      res.writeHead(302, { location: q.get('redirect')! });
      return void res.end();
    }
    if (q.has('waf')) {
      res.writeHead(403, { server: 'Yundun WAF', 'content-type': 'text/html; charset=utf-8' });
      return void res.end('<html><body>访问被拒绝：云盾安全防护</body></html>');
    }
    if (q.has('nohead') && req.method === 'HEAD') {
      res.writeHead(405);
      return void res.end();
    }
    const status = Number(q.get('status') ?? 0);
    if (status) {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(req.method === 'HEAD' ? undefined : `<html><head><title>${status}</title></head><body>错误 ${status}</body></html>`);
    }
    await this.serveFile(url.pathname, req, res, q);
  }

  private async serveFile(pathname: string, req: IncomingMessage, res: ServerResponse, q: URLSearchParams): Promise<void> {
    let file = path.join(this.options.root, decodeURIComponent(pathname));
    if (!file.startsWith(path.resolve(this.options.root))) {
      res.writeHead(400);
      return void res.end();
    }
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      file = path.join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(req.method === 'HEAD' ? undefined : '<html><head><title>404 页面不存在</title></head><body>您访问的页面不存在</body></html>');
    }
    // Extension-less files are pages (as behind a servlet such as /portal/registerSystemInfo).
    const type = q.get('type') ?? (path.extname(file) ? TYPES[path.extname(file).toLowerCase()] : 'text/html') ?? 'application/octet-stream';
    let body: Buffer = await readFile(file);
    const headers: Record<string, string> = { 'content-type': type };
    if (TEXT_TYPES.test(type)) {
      const text = body
        .toString('utf8')
        .replaceAll('{{ORIGIN}}', this.origin)
        .replaceAll('{{EXTERNAL}}', this.options.externalOrigin ?? 'http://localhost:9');
      if (text.includes('<!-- encode:gbk -->')) {
        body = iconv.encode(text, 'gbk');
        if (text.includes('<!-- header-charset -->')) headers['content-type'] = `${type}; charset=GBK`;
      } else {
        body = Buffer.from(text, 'utf8');
        headers['content-type'] = `${type}; charset=utf-8`;
      }
    }
    headers['content-length'] = String(body.length);
    // Validators as a real server sends them, so rescans can ask "changed since?" (304).
    headers.etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    headers['last-modified'] = info.mtime.toUTCString();
    const fresh = req.headers['if-none-match'] ? req.headers['if-none-match'] === headers.etag : req.headers['if-modified-since'] === headers['last-modified'];
    if (fresh && !q.has('drip')) {
      res.writeHead(304, { etag: headers.etag, 'last-modified': headers['last-modified'] });
      return void res.end();
    }
    const drip = Number(q.get('drip') ?? 0);
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    if (drip > 0) return this.dripBody(res, body, drip);
    res.end(body);
  }

  private async serveRecords(req: IncomingMessage, res: ServerResponse, q: URLSearchParams): Promise<void> {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' });
      return void res.end();
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const column = (form.get('columnid') ?? '').replace(/\D/g, '');
    const xml = await readFile(path.join(this.options.root, 'module/web/jpage/records', `${column}.xml`), 'utf8').catch(() => null);
    if (!column || xml === null) {
      res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end('<html><body>参数错误</body></html>');
    }
    const records = xml.replaceAll('{{ORIGIN}}', this.origin).match(/<record>[\s\S]*?<\/record>/g) ?? [];
    const start = Math.max(1, Number(q.get('startrecord') ?? 1));
    const end = Math.min(records.length, Number(q.get('endrecord') ?? records.length));
    const body = `<?xml version="1.0" encoding="UTF-8"?><datastore><recordset>${records.slice(start - 1, end).join('\n')}</recordset></datastore>`;
    res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
    res.end(body);
  }

  private async serveGkmlpt(pathname: string, res: ServerResponse, q: URLSearchParams): Promise<void> {
    const file = await readFile(path.join(this.options.root, `${pathname}.json`), 'utf8').catch(() => null);
    if (file === null || !q.get('sid')) {
      res.writeHead(file === null ? 404 : 400, { 'content-type': 'application/json; charset=utf-8' });
      return void res.end('{"error":"参数错误"}');
    }
    const list = JSON.parse(file.replaceAll('{{ORIGIN}}', this.origin)) as { pageSize: number; articles: unknown[] };
    const page = Math.max(1, Number(q.get('page') ?? 1) || 1);
    const articles = list.articles.slice((page - 1) * list.pageSize, page * list.pageSize);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ articles, total: list.articles.length }));
  }

  private async dripBody(res: ServerResponse, body: Buffer, intervalMs: number): Promise<void> {
    for (let i = 0; i < body.length && !res.destroyed; i++) {
      res.write(body.subarray(i, i + 1));
      await new Promise((r) => setTimeout(r, intervalMs));
    }
    res.end();
  }
}

/** Demo and test fixture folders bundled with the project. */
export const FIXTURES_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../test/fixtures');
export const DEMO_SITE_DIR = path.join(FIXTURES_DIR, 'site');
export const EXTERNAL_SITE_DIR = path.join(FIXTURES_DIR, 'external');

/** Starts the demo site and its "other sites" server; both on loopback. */
export async function startDemoSites(port = 0): Promise<{ site: FixtureServer; external: FixtureServer; stop: () => Promise<void> }> {
  // Another loopback address is another host to the crawler: "other sites" without leaving the machine.
  const external = new FixtureServer({ root: EXTERNAL_SITE_DIR, host: '127.0.0.2' });
  await external.start();
  const site = new FixtureServer({ root: DEMO_SITE_DIR, port, externalOrigin: external.origin });
  await site.start();
  return { site, external, stop: async () => void (await Promise.all([site.stop(), external.stop()])) };
}

function chunkSize(chunk: unknown): number {
  return typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk instanceof Uint8Array ? chunk.length : 0;
}

import { createServer, type Server } from 'node:http';

/**
 * A generated TRS-style site of `pages` pages served from memory on 127.0.0.1: every page
 * has about 20 links (navigation, articles, images, an attachment), every page is
 * reachable from the homepage, and a known set of links is broken. Pages are built on
 * request, so the server's memory does not depend on the site's size.
 */
export interface BenchSite {
  origin: string;
  pages: number;
  /** What the server sent: requests, page body bytes, and pages answered 304 (ETag matched). */
  traffic: { requests: number; bytes: number; notModified: number };
  /** Broken link targets (paths) the site contains, exactly. */
  brokenTargets: Set<string>;
  close(): Promise<void>;
}

const FANOUT = 8;
const NAV = 10;

function pagePath(i: number): string {
  return i === 0 ? '/index.html' : `/col${i % 50}/art/t2026${String((i % 12) + 1).padStart(2, '0')}01_${i}.html`;
}

function pageIndex(path: string): number | null {
  if (path === '/' || path === '/index.html') return 0;
  const m = path.match(/^\/col\d+\/art\/t2026\d{4}_(\d+)\.html$/);
  return m ? Number(m[1]) : null;
}

/** Broken targets are decided by the page index alone, so the expected set is exact. */
function brokenLinksOf(i: number): string[] {
  const out: string[] = [];
  if (i % 100 === 7) out.push(`/missing/page-${i}.html`);
  if (i % 250 === 3) out.push(`/images/missing-${i}.png`);
  return out;
}

/** Variations real sites have that cost the parser more: stray end tags, one very deep page. */
export interface BenchSiteOptions {
  /** Every n-th page includes a header template that ends in </body></html> (0: none). */
  strayEvery?: number;
  /** Nesting depth of one extra page linked from the homepage, with a stray end tag (0: none). */
  deepPage?: number;
  /** Each answer waits a random time in [min, max] ms, like a real server under load. */
  delayMs?: [number, number];
}

/** A page nested `depth` levels deep with content after a stray </html> (parse5's worst case). */
export function renderDeepPage(depth: number): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>深层页面</title></head><body></body></html>${'<div>'.repeat(depth)}深${'</div>'.repeat(depth)}<p>页脚</p>`;
}

export function renderPage(i: number, pages: number, options: BenchSiteOptions = {}): string {
  const links: string[] = [];
  for (let n = 1; n <= NAV; n++) links.push(`<li><a href="${pagePath(n)}">栏目${n}</a></li>`);
  for (let c = i * FANOUT + 1; c <= i * FANOUT + FANOUT && c < pages; c++) links.push(`<li><a href="${pagePath(c)}">文章标题${c}</a><span>2026-11-${String((c % 28) + 1).padStart(2, '0')}</span></li>`);
  const cross = (i * 7919) % pages;
  links.push(`<li><a href="${pagePath(cross)}">相关阅读</a></li>`);
  for (const b of brokenLinksOf(i)) links.push(b.endsWith('.png') ? `<img src="${b}" alt="图">` : `<li><a href="${b}">已删除页面</a></li>`);
  if (i === 0 && options.deepPage) links.push('<li><a href="/deep.html">深层页面</a></li>');
  const stray = options.strayEvery && i % options.strayEvery === 1 ? '<div class="head-include">页头</div></body></html>\n' : '';
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>页面${i}_示例省生态环境厅</title>
<link rel="stylesheet" href="/css/style.css"></head><body>${stray}<div class="nav"><ul>${links.join('')}</ul></div>
<img src="/images/logo.png" alt="标志"><p>生态环境保护工作持续推进，第${i}页正文内容。</p>
<p><a href="/uploads/file-${i % 20}.pdf">附件${i % 20}.pdf</a></p><script src="/js/common.js"></script></body></html>`;
}

export async function startBenchSite(pages: number, options: BenchSiteOptions = {}): Promise<BenchSite> {
  const { delayMs } = options;
  const brokenTargets = new Set<string>();
  for (let i = 0; i < pages; i++) for (const b of brokenLinksOf(i)) brokenTargets.add(b);
  const traffic = { requests: 0, bytes: 0, notModified: 0 };
  const server: Server = createServer(async (req, res) => {
    traffic.requests++;
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs[0] + Math.random() * (delayMs[1] - delayMs[0])));
    const path = (req.url ?? '/').split('?')[0];
    const i = pageIndex(path);
    if (i !== null && i < pages) {
      // Pages carry validators, so a rescan of the unchanged site can be answered with 304.
      const etag = `"p${i}-${pages}"`;
      if (req.headers['if-none-match'] === etag) {
        traffic.notModified++;
        res.writeHead(304, { etag });
        return void res.end();
      }
      const body = Buffer.from(renderPage(i, pages, options));
      if (req.method !== 'HEAD') traffic.bytes += body.length;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag, 'content-length': body.length });
      return void res.end(req.method === 'HEAD' ? undefined : body);
    }
    if (path === '/deep.html' && options.deepPage) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(req.method === 'HEAD' ? undefined : renderDeepPage(options.deepPage));
    }
    if (path === '/css/style.css' || path === '/js/common.js' || path === '/images/logo.png' || /^\/uploads\/file-\d+\.pdf$/.test(path)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return void res.end(req.method === 'HEAD' ? undefined : 'x');
    }
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : '<html><body>404</body></html>');
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    pages,
    traffic,
    brokenTargets,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

import { createServer, type Server } from 'node:http';

/**
 * A generated TRS-style site of `pages` pages served from memory on 127.0.0.1: every page
 * has about 20 links (navigation, articles, images, an attachment), every page is
 * reachable from the homepage, and a known set of links is broken. Two pages in five are
 * full-size article pages of 20–60 KB (inline CSS and script, a long body, a footer
 * table), as real government pages are; the rest are small list pages. Pages are built
 * on request, so the server's memory does not depend on the site's size.
 */
export interface BenchSite {
  origin: string;
  pages: number;
  /**
   * What the server sent: requests, page body bytes, and pages answered 304 (ETag matched);
   * and the most connections a client held open at once (reset before a run to measure one tool).
   */
  traffic: { requests: number; bytes: number; notModified: number; connections: number; maxConnections: number };
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
function brokenLinksOf(i: number, options: BenchSiteOptions = {}): string[] {
  const out: string[] = [];
  if (i % 100 === 7) out.push(`/missing/page-${i}.html`);
  if (i % 250 === 3) out.push(`/images/missing-${i}.png`);
  if (options.extraBrokenEvery && i % options.extraBrokenEvery === 1) out.push(`/removed/doc-${i}.html`);
  return out;
}

/** Two pages in five are 20–60 KB, spread evenly over that range; the others stay small. */
export function targetBytes(i: number): number {
  return i % 5 < 2 ? (21 + ((i * 7) % 39)) * 1024 : 0;
}

const PARAGRAPHS = [
  '为深入贯彻落实党中央、国务院关于生态环境保护的决策部署，持续改善生态环境质量，现将有关工作情况通报如下。',
  '各地各部门要进一步提高政治站位，压紧压实工作责任，细化工作措施，确保各项任务按期保质完成。',
  '本年度共完成排污许可证核发一千二百余件，开展执法检查三千余次，依法查处环境违法案件一百余起。',
  '下一步，我厅将继续加强大气、水、土壤污染防治，推动生态环境质量持续改善，为人民群众创造良好生产生活环境。',
];

/** Filler a real article page carries: inline style and script, long text, a footer table. */
function bulk(i: number, bytes: number): { head: string; body: string } {
  if (bytes === 0) return { head: '', body: '' };
  const head = `<style>${'.article .content p{line-height:1.8;text-indent:2em;margin:0 0 12px}.footer td{padding:4px 8px;border:1px solid #ddd}'.repeat(6)}</style>
<script>var _articleInfo={id:${i},channel:"col${i % 50}",site:"示例省生态环境厅"};${'function trsStat(a,b){var c=document.createElement("img");c.src="/stat?"+a+"&"+b;return c}'.repeat(4)}</script>`;
  const rows = Array.from({ length: 12 }, (_, r) => `<tr><td>第${r + 1}项</td><td>${PARAGRAPHS[r % 4].slice(0, 24)}</td><td>${1000 + r * 37 + i}</td></tr>`).join('');
  const footer = `<table class="footer">${rows}</table>`;
  const parts: string[] = [];
  let size = Buffer.byteLength(head) + Buffer.byteLength(footer) + 2000;
  for (let n = 0; size < bytes; n++) {
    const p = `<p>${PARAGRAPHS[(i + n) % 4]}（${n + 1}）</p>`;
    parts.push(p);
    size += Buffer.byteLength(p);
  }
  return { head, body: `<div class="article"><div class="content">${parts.join('\n')}</div></div>${footer}` };
}

/** Variations real sites have that cost the parser more: stray end tags, one very deep page. */
export interface BenchSiteOptions {
  /** Every n-th page includes a header template that ends in </body></html> (0: none). */
  strayEvery?: number;
  /** Nesting depth of one extra page linked from the homepage, with a stray end tag (0: none). */
  deepPage?: number;
  /** Each answer waits a random time in [min, max] ms, like a real server under load. */
  delayMs?: [number, number];
  /** Every n-th page also links one removed page (0: none): 3 gives about 1,700 broken links in 5,000 pages. */
  extraBrokenEvery?: number;
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
  for (const b of brokenLinksOf(i, options)) links.push(b.endsWith('.png') ? `<img src="${b}" alt="图">` : `<li><a href="${b}">已删除页面</a></li>`);
  if (i === 0 && options.deepPage) links.push('<li><a href="/deep.html">深层页面</a></li>');
  const stray = options.strayEvery && i % options.strayEvery === 1 ? '<div class="head-include">页头</div></body></html>\n' : '';
  const extra = bulk(i, targetBytes(i));
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>页面${i}_示例省生态环境厅</title>
<link rel="stylesheet" href="/css/style.css">${extra.head}</head><body>${stray}<div class="nav"><ul>${links.join('')}</ul></div>
<img src="/images/logo.png" alt="标志"><p>生态环境保护工作持续推进，第${i}页正文内容。</p>${extra.body}
<p><a href="/uploads/file-${i % 20}.pdf">附件${i % 20}.pdf</a></p><script src="/js/common.js"></script></body></html>`;
}

export async function startBenchSite(pages: number, options: BenchSiteOptions = {}): Promise<BenchSite> {
  const { delayMs } = options;
  const brokenTargets = new Set<string>();
  for (let i = 0; i < pages; i++) for (const b of brokenLinksOf(i, options)) brokenTargets.add(b);
  const traffic = { requests: 0, bytes: 0, notModified: 0, connections: 0, maxConnections: 0 };
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
  server.on('connection', (socket) => {
    traffic.maxConnections = Math.max(traffic.maxConnections, ++traffic.connections);
    socket.once('close', () => traffic.connections--);
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

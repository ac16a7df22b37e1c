/**
 * `npm run bench:browser`: the browser audits (axe, 适老化, mobile, screenshots and
 * Lighthouse) over a generated site of columns and articles, at several sample sizes, each
 * in its own process. Prints the median seconds of browser work per audited page (desktop
 * and mobile passes plus Lighthouse), wall seconds per audited page and peak memory (Node RSS, and the
 * Chromium processes' PSS summed), so one sees how the audit scales with the sample.
 *
 * Env: BENCH_BROWSER_SAMPLES (articles per column, default "1,3,6" → 15, 29, 50 pages),
 * BENCH_BROWSER_LIGHTHOUSE (default 1), BENCH_BROWSER_CONCURRENCY (default 2).
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const COLUMNS = 7;
const ARTICLES_PER_COLUMN = 8;
const here = fileURLToPath(import.meta.url);

/** A TRS-style site: a homepage, COLUMNS list pages, articles; one column template lacks alt text. */
function page(url: string): string | null {
  const shell = (title: string, body: string, meta = '') =>
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}_基准测试厅</title>${meta}<style>body{font:16px/1.7 sans-serif;color:#222;max-width:960px;margin:auto}</style></head><body><nav><a href="/">首页</a> <a href="/wza/">无障碍</a></nav><main>${body}</main><footer><p>主办单位：基准测试厅　网站标识码：6200000097</p></footer></body></html>`;
  if (url === '/') {
    const cols = Array.from({ length: COLUMNS }, (_, c) => `<li><a href="/col${c}/">栏目${c}</a></li>`).join('');
    return shell('首页', `<h1>基准测试厅</h1><ul>${cols}</ul><p>${'生态环境保护工作稳步推进。'.repeat(20)}</p>`);
  }
  if (url === '/wza/') return shell('无障碍', '<h1>无障碍说明</h1><p>本站提供无障碍浏览服务。</p>');
  let m = /^\/col(\d+)\/$/.exec(url);
  if (m) {
    const c = Number(m[1]);
    const items = Array.from({ length: ARTICLES_PER_COLUMN }, (_, k) => `<li><a href="/col${c}/202611/t202611${String(20 - k).padStart(2, '0')}_${c}${k}.html">栏目${c}第${k}篇文章标题</a><span>2026-11-${String(20 - k).padStart(2, '0')}</span></li>`).join('');
    const banner = c === 0 ? '<img src="/banner.png">' : '<img src="/banner.png" alt="宣传图">';
    return shell(`栏目${c}`, `<h1>栏目${c}</h1>${banner}<ul>${items}</ul>`, `<meta name="ColumnName" content="栏目${c}">`);
  }
  m = /^\/col(\d+)\/202611\/t(\d{8})_(\d+)\.html$/.exec(url);
  if (m) return shell(`文章${m[3]}`, `<h1>文章${m[3]}</h1><p>发布时间：2026-11-20</p>${`<p>${'为深入贯彻落实生态环境保护决策部署，持续改善生态环境质量，现将有关工作情况通报如下。'.repeat(6)}</p>`.repeat(4)}`, `<meta name="ColumnName" content="栏目${m[1]}"><meta name="ArticleTitle" content="文章${m[3]}">`);
  return null;
}

const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function startSite(): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/banner.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG_1PX);
    const html = page(url);
    if (!html) return void res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>404</body></html>');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  return { origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server };
}

/** Proportional memory (PSS, KB) of this process's descendants: the browser and its renderers. */
function descendantsPssKb(root: number): number {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* process ended */
    }
  }
  let total = 0;
  for (const pid of parent.keys()) {
    let p = parent.get(pid);
    while (p && p !== root && p !== 1) p = parent.get(p);
    if (p !== root) continue;
    try {
      total += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      /* process ended */
    }
  }
  return total;
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : 0);

interface ChildResult {
  pages: number;
  articlesPerColumn: number;
  lighthouse: boolean;
  seconds: number;
  secondsPerPage: number;
  /** Median over audited pages of all browser work on the page: desktop and mobile passes plus its Lighthouse run. */
  medianPageSeconds: number;
  /** Median Lighthouse run alone. */
  medianLighthouseSeconds: number | null;
  peakNodeRssMb: number;
  peakBrowserPssMb: number;
  contextsCreated: number;
  lighthouseRuns: number;
  errors: number;
  screenshots: number;
  /** First few error messages, to tell load timeouts from failures. */
  errorSamples: string[];
}

/** In the child: crawl the known pages into the gatherer, then time its audit pass. */
async function child(origin: string, articlesPerColumn: number, lighthouse: boolean, concurrency: number): Promise<void> {
  const { validateConfig } = await import('../../src/config/load.ts');
  const { browserAuditsGatherer } = await import('../../src/accessibility/browser-audits-gatherer.ts');
  const { createBrowserProvider } = await import('../../src/browser/provider.ts');
  const { HttpFetcher } = await import('../../src/crawl/http-fetcher.ts');
  const { parsePage } = await import('../../src/crawl/parse-page.ts');
  const config = validateConfig(
    {
      site: { name: '基准测试厅', url: `${origin}/` },
      newMedia: [],
      crawl: { intervalMs: 0, concurrency: 8 },
      browser: { loopbackOnly: true, lighthouse, lighthouseMaxPages: 1000, articlesPerColumn, maxPages: 1000, concurrency },
    },
    '基准配置',
  );
  const scanDir = await mkdtemp(path.join(os.tmpdir(), 'gi-bench-browser-'));
  const fetcher = new HttpFetcher({ crawl: config.crawl, userAgent: 'gov-inspector-bench' });
  const browser = createBrowserProvider(config.browser);
  const ctx = {
    config,
    baseDir: scanDir,
    asOf: '2026-11-28',
    homepageUrl: `${origin}/`,
    scanDir,
    fetcher,
    fetchPage: async () => ({ ok: false as const, result: null as never, reason: '基准测试不抓取' }),
    browser,
    previous: null,
    emit: () => {},
    pages: async function* () {},
  };
  const urls = ['/', ...Array.from({ length: COLUMNS }, (_, c) => [`/col${c}/`, ...Array.from({ length: ARTICLES_PER_COLUMN }, (_, k) => `/col${c}/202611/t202611${String(20 - k).padStart(2, '0')}_${c}${k}.html`)]).flat()];
  for (const [depth, url] of urls.map((u, i) => [i === 0 ? 0 : u.endsWith('/') ? 1 : 2, u] as const)) {
    const parsed = parsePage(await fetcher.fetch(`${origin}${url}`), depth);
    if (parsed) browserAuditsGatherer.onPage!(parsed, ctx);
  }
  let peakNode = 0;
  let peakBrowser = 0;
  const sample = () => {
    peakNode = Math.max(peakNode, process.memoryUsage().rss);
    peakBrowser = Math.max(peakBrowser, descendantsPssKb(process.pid) * 1024);
  };
  const timer = setInterval(sample, 250);
  const started = Date.now();
  try {
    const artifact = await browserAuditsGatherer.finish(ctx);
    const seconds = (Date.now() - started) / 1000;
    sample();
    const result: ChildResult = {
      pages: artifact.pages.length,
      articlesPerColumn,
      lighthouse,
      seconds,
      secondsPerPage: seconds / Math.max(1, artifact.pages.length),
      medianPageSeconds: median(artifact.pages.map((p) => p.durationMs + (p.lighthouse?.durationMs ?? 0))) / 1000,
      medianLighthouseSeconds: artifact.lighthouse.runs ? median(artifact.pages.flatMap((p) => (p.lighthouse ? [p.lighthouse.durationMs] : []))) / 1000 : null,
      peakNodeRssMb: peakNode / 1024 / 1024,
      peakBrowserPssMb: peakBrowser / 1024 / 1024,
      contextsCreated: artifact.stats.contextsCreated,
      lighthouseRuns: artifact.lighthouse.runs,
      errors: artifact.pages.filter((p) => p.error || p.lighthouse?.error).length,
      screenshots: Object.keys(artifact.screenshots).length,
      errorSamples: [...new Set(artifact.pages.flatMap((p) => [p.error, p.lighthouse?.error].filter((e): e is string => !!e)))].slice(0, 3),
    };
    if (artifact.skipped) throw new Error(`浏览器检查被跳过：${artifact.skipped}`);
    console.log(JSON.stringify(result));
  } finally {
    clearInterval(timer);
    await browser.close();
    await fetcher.close();
    await rm(scanDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const samples = (process.env.BENCH_BROWSER_SAMPLES ?? '1,3,6').split(',').map(Number);
  const lighthouse = process.env.BENCH_BROWSER_LIGHTHOUSE !== '0';
  const concurrency = Number(process.env.BENCH_BROWSER_CONCURRENCY ?? 2);
  const site = await startSite();
  const run = promisify(execFile);
  try {
    process.stderr.write(`浏览器检测基准：${COLUMNS} 个栏目，每栏目抽查 ${samples.join(' / ')} 篇文章，Lighthouse ${lighthouse ? '开' : '关'}，并发 ${concurrency}（负载 ${os.loadavg()[0].toFixed(1)}，${os.cpus().length} 核）\n`);
    for (const n of samples) {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', here, '--child', site.origin, String(n), lighthouse ? '1' : '0', String(concurrency)], { maxBuffer: 16 * 1024 * 1024 });
      const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;
      console.log(
        `每栏目 ${n} 篇 → ${String(r.pages).padStart(3)} 个页面  每页浏览器工作中位数 ${r.medianPageSeconds.toFixed(2)} 秒（目标 ≤3；其中 Lighthouse ${r.medianLighthouseSeconds?.toFixed(2) ?? '—'} 秒）  墙钟 ${r.secondsPerPage.toFixed(2)} 秒/页  共 ${r.seconds.toFixed(1)} 秒  ` +
          `Node 峰值 ${r.peakNodeRssMb.toFixed(0)} MB  Chromium 峰值 ${r.peakBrowserPssMb.toFixed(0)} MB（PSS 合计）  上下文 ${r.contextsCreated} 个  Lighthouse ${r.lighthouseRuns} 次  截图 ${r.screenshots} 张  出错 ${r.errors}${r.errorSamples.length ? `（${r.errorSamples.join('；')}）` : ''}`,
      );
    }
    process.stderr.write(`结束时负载 ${os.loadavg()[0].toFixed(1)}\n`);
  } finally {
    site.server.close();
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], Number(process.argv[4]), process.argv[5] === '1', Number(process.argv[6]));
else await main();

import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'cheerio';
import { EXTERNAL_SITE_DIR, FIXTURES_DIR, FixtureServer } from '../../src/demo/fixture-server.ts';
import type { FixtureSites } from './fixture-scan.ts';

const ROOT = path.join(FIXTURES_DIR, 'register-site');
export const REGISTER_FILES = path.join(ROOT, '_registers');

/** Every article of the fixture site: its path, title and raw text (GBK pages decoded). */
async function articles(): Promise<{ path: string; title: string; text: string }[]> {
  const out = [];
  for (const file of (await readdir(ROOT, { recursive: true })).filter((f) => /t\d+_\d+\.html$/.test(f))) {
    const raw = await readFile(path.join(ROOT, file));
    // Files are stored in UTF-8; the server re-encodes pages marked encode:gbk on the way out.
    const text = raw.toString('utf8');
    out.push({ path: `/${file.split(path.sep).join('/')}`, title: load(text)('meta[name="ArticleTitle"]').attr('content') ?? '', text });
  }
  return out;
}

/**
 * A TRS-like /was5/web/search: results whose title or text contains the query, or 没有找到.
 * `failing`: paths that answer 503 (a page the scan cannot read).
 */
export async function startRegisterSite(failing: readonly string[] = []): Promise<FixtureSites> {
  const index = await articles();
  const external = new FixtureServer({ root: EXTERNAL_SITE_DIR, host: '127.0.0.2' });
  await external.start();
  const site = new FixtureServer({
    root: ROOT,
    externalOrigin: external.origin,
    routes: {
      ...Object.fromEntries(failing.map((p) => [p, (_req: unknown, res: import('node:http').ServerResponse) => void res.writeHead(503, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>服务暂时不可用</body></html>')])),
      '/was5/web/search': (req, res) => {
        const q = new URL(req.url ?? '/', 'http://x').searchParams.get('searchword') ?? '';
        const hits = q ? index.filter((a) => a.title.includes(q) || a.text.includes(q)) : [];
        const items = hits.map((h) => `<li><a href="${h.path}" target="_blank">${h.title}</a><p>${h.title}……</p></li>`).join('');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<html><head><title>检索结果</title></head><body><div class="nav"><a href="/">首页</a></div><div class="result">${hits.length ? `<p>共 ${hits.length} 条</p><ul>${items}</ul>` : '<p>没有找到相关结果</p>'}</div></body></html>`);
      },
    },
  });
  await site.start();
  return { site, external, stop: async () => void (await Promise.all([site.stop(), external.stop()])) };
}


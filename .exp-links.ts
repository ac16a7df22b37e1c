import { scanFixture, localPath } from './test/helpers/fixture-scan.ts';
for (const enabled of [false, true]) {
  const t = Date.now();
  const scan = await scanFixture({ config: () => ({ crawl: { timeoutMs: 1500 }, browser: { enabled, lighthouse: false } }) });
  const crawl: any = scan.artifacts.crawl;
  console.log('browser', enabled, 'took', Date.now() - t, 'crawl ms', crawl.durationMs, 'fetchers', crawl.fetchers);
  console.log([...new Set(scan.findings.brokenLinks.map((b) => localPath(b.target, scan.sites)))].sort().join(' '));
  console.log('zsdw sources', scan.findings.brokenLinks.filter((b) => b.target.endsWith('/jgsz/zsdw.html')).map((b) => localPath(b.source, scan.sites)));
  const recs = (await import('node:fs')).readFileSync(scan.scanDir + '/pages.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((r: any) => r.fetcher === 'browser');
  console.log('browser pages', recs.map((r: any) => localPath(r.url, scan.sites)));
  await scan.cleanup();
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserAuditsArtifact } from '../../src/accessibility/types.ts';
import { FIXTURES_DIR } from '../../src/demo/fixture-server.ts';
import { browserForTests } from '../helpers/browser.ts';
import { localPath, scanFixture, type FixtureScan } from '../helpers/fixture-scan.ts';

const { skipReason } = browserForTests();

describe.skipIf(skipReason !== null)(`Lighthouse accessibility through the shared browser's debugging port${skipReason ? `（跳过：${skipReason}）` : ''}`, () => {
  let scan: FixtureScan;
  beforeAll(async () => {
    // Homepage and the two static column pages: Lighthouse runs ~3–5 s a page.
    scan = await scanFixture({ root: path.join(FIXTURES_DIR, 'a11y-site'), config: () => ({ browser: { loopbackOnly: true, lighthouse: true, maxPages: 3, articlesPerColumn: 0 } }) });
  }, 600_000);
  afterAll(() => scan?.cleanup());

  it('scores every audited page and ranks the faulty column below the clean one', () => {
    const audits = scan.artifacts.browserAudits as BrowserAuditsArtifact;
    expect(audits.lighthouse).toMatchObject({ enabled: true, skipped: null, runs: 3 });
    const score = (p: string) => scan.findings.accessibility.find((e) => localPath(e.url, scan.sites) === p)?.score;
    expect(score('/clean/')).toBe(100);
    expect(score('/bad/')).toBeLessThan(90);
    const failed = audits.pages.find((p) => localPath(p.url, scan.sites) === '/bad/')!.lighthouse!.failed.map((f) => f.id);
    expect(failed).toEqual(expect.arrayContaining(['image-alt', 'label', 'link-name']));
  });

  it("shows the audited sample's size and time in the report's coverage section", async () => {
    const html = await readFile(scan.outcome.files.find((f) => f.endsWith('.html') && path.dirname(f) === scan.scanDir)!, 'utf8');
    expect(html).toMatch(/浏览器检测抽样 3 个页面（2 个栏目首页、0 篇文章[^）]*），Lighthouse 3 次，用时 [\d.]+ 秒，每页中位数 [\d.]+ 秒/);
  });
});

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserAuditsArtifact } from '../../src/accessibility/types.ts';
import type { CrawlArtifact } from '../../src/crawl/crawl-artifact.ts';
import { FIXTURES_DIR } from '../../src/demo/fixture-server.ts';
import { scanFixture, type FixtureScan } from '../helpers/fixture-scan.ts';

const A11Y_SITE = path.join(FIXTURES_DIR, 'a11y-site');
const BROWSER_CHECKS = ['accessibility', 'elder-friendly', 'mobile'];

describe('without a browser every browser check is skipped with the reason and the scan completes', () => {
  let missing: FixtureScan;
  let disabled: FixtureScan;
  beforeAll(async () => {
    [missing, disabled] = await Promise.all([
      scanFixture({ root: A11Y_SITE, config: () => ({ browser: { executablePath: '/nonexistent/chromium-for-test', loopbackOnly: true } }) }),
      scanFixture({ root: A11Y_SITE, config: () => ({ browser: { enabled: false } }) }),
    ]);
  }, 600_000);
  afterAll(async () => {
    await missing?.cleanup();
    await disabled?.cleanup();
  });

  it('names the missing executable as the reason', () => {
    const checks = missing.findings.checks.filter((c) => BROWSER_CHECKS.includes(c.id));
    expect(checks.map((c) => c.id).sort()).toEqual([...BROWSER_CHECKS].sort());
    for (const check of checks) {
      expect(check.status).toBe('skipped');
      expect(check.reason).toContain('/nonexistent/chromium-for-test');
    }
    expect((missing.artifacts.browserAudits as BrowserAuditsArtifact).skipped).toContain('配置的浏览器不存在');
  });

  it('says --no-browser when browsers are turned off', () => {
    for (const check of disabled.findings.checks.filter((c) => BROWSER_CHECKS.includes(c.id))) {
      expect(check.status).toBe('skipped');
      expect(check.reason).toContain('--no-browser');
    }
  });

  it('still crawls, judges and reports everything else', () => {
    for (const scan of [missing, disabled]) {
      const crawl = scan.artifacts.crawl as CrawlArtifact;
      expect(crawl.pagesCrawled).toBeGreaterThanOrEqual(7);
      expect(crawl.fetchers.browser).toBe(0); // the script-built column stays static
      expect(scan.findings.accessibility).toEqual([]);
      expect(scan.findings.findings.some((f) => ['accessibility', 'elder-friendly', 'mobile'].includes(f.check))).toBe(false);
      expect(scan.findings.score.total).toEqual(expect.any(Number));
      expect(scan.outcome.files.some((f) => f.endsWith('report.html'))).toBe(true);
    }
  });
});

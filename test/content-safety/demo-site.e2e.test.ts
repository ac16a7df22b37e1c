import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentSafetyArtifact } from '../../src/content-safety/types.ts';
import { localPath, scanFixture, type FixtureScan } from '../helpers/fixture-scan.ts';

/**
 * The realistic cases planted in the demo site: an old article carrying hidden gambling
 * links a hacker injected, an attachment named with a wrong expression, a personnel
 * notice with an unmasked ID number. Nothing else in the demo site may be flagged.
 */
describe('content safety of the demo site', () => {
  let scan: FixtureScan;
  beforeAll(async () => {
    scan = await scanFixture({ config: () => ({ crawl: { timeoutMs: 1500 }, browser: { enabled: false } }) });
  }, 240_000);
  afterAll(() => scan?.cleanup());

  const rows = (kind: string) => scan.findings.contentSafety.filter((r) => r.kind === kind).map((r) => `${localPath(r.url, scan.sites)} ${localPath(String(r.target ?? r.term ?? r.masked ?? ''), scan.sites)}`);

  it('finds the hidden gambling links in the hacked old article, and only there', () => {
    expect(rows('hidden-link')).toEqual(['/xwzx/szdt/202608/t20260817_100035.html EXT/spam/casino.html', '/xwzx/szdt/202608/t20260817_100035.html EXT/spam/lottery.html']);
    const vetoes = scan.findings.findings.filter((f) => f.check === 'hidden-links');
    expect(vetoes.map((f) => f.indicator)).toEqual(['veto.serious-error', 'veto.serious-error']);
    expect(vetoes[0].evidence).toContain('定位到页面之外（top:-1200px）');
  });

  it('finds the wrong expression in an attachment name', () => {
    expect(rows('wrong-expression')).toEqual(['/xxgk/tzgg/202605/t20260511_100039.html 党的20大']);
    const [finding] = scan.findings.findings.filter((f) => f.check === 'wrong-expressions');
    expect(finding.evidence).toMatch(/^附件名称（.*\/uploads\/2026\/study-plan\.doc）出现「党的20大」/);
  });

  it('finds the unmasked ID number in the GBK personnel notice, masked', () => {
    const privacy = (scan.artifacts.contentSafety as ContentSafetyArtifact).privacy.filter((p) => p.type === 'id-number');
    expect(privacy.map((p) => [localPath(p.url, scan.sites), p.masked])).toEqual([['/xxgk/rsxx/202606/t20260601_200001.html', '6201**********1239']]);
    expect(JSON.stringify(scan.findings)).not.toContain('620102198001011239');
  });

  it('flags no sensitive word in the demo text and no outside site serving spam', () => {
    expect(rows('sensitive-word')).toEqual([]);
    expect(scan.findings.findings.filter((f) => f.check === 'outbound-links')).toEqual([]);
  });
});

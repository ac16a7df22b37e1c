import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlArtifact } from '../../src/crawl/crawl-artifact.ts';
import type { DisclosureArtifact } from '../../src/disclosure/types.ts';
import type { Finding } from '../../src/types.ts';
import { localPath, scanFixture, type FixtureScan } from '../helpers/fixture-scan.ts';

/** The demo site's disclosure, identity, interaction, services and interpretation verdicts (real HTTP). */
describe('disclosure checks on the demo site', () => {
  let scan: FixtureScan;
  let mine: Finding[];
  const p = (u: string | null | undefined) => (u ? localPath(u, scan.sites) : u);
  const of = (indicator: string) => mine.filter((f) => f.indicator === indicator);
  beforeAll(async () => {
    scan = await scanFixture({ config: () => ({ browser: { enabled: false, loopbackOnly: true } }) });
    mine = scan.findings.findings.filter((f) => ['required-items', 'site-identity', 'interaction', 'services', 'interpretation'].includes(f.check));
  }, 120_000);
  afterAll(() => scan?.cleanup());

  describe('required items (catalogue)', () => {
    it('lists every catalogue row, found or missing', () => {
      expect(scan.findings.requiredItems).toHaveLength(40);
      const missing = scan.findings.requiredItems.filter((r) => !r.found).map((r) => r.id).sort();
      expect(missing).toEqual(['key-polluters', 'major-decisions', 'medical-waste', 'soil-remediation', 'three-public']);
    });

    it('keeps the deductions although three unrelated demo pages cannot be read: each is recorded with the link that reached it', () => {
      const unread = (scan.artifacts.crawl as CrawlArtifact).unread!;
      const pages = unread.samples.map((s) => [p(s.url), s.reason, s.texts, s.sources?.map(p)]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      expect(pages).toEqual([
        ['/api/stats.html?status=500', 'server-error', ['整改进展统计'], ['/ztzl/hbdc/']],
        ['/xwzx/live.html?reset=1', 'network', ['督察进驻直播'], ['/ztzl/hbdc/']],
        ['/xwzx/slow.html?hang=1', 'timeout', ['群众举报受理情况'], ['/ztzl/hbdc/']],
      ]);
      expect(of('manual.required-item-unverified')).toEqual([]);
      expect(scan.findings.requiredItems.filter((r) => r.unverified)).toEqual([]);
    });

    it('gives found items an evidence URL, preferring the 政府信息公开 directory', () => {
      const budget = scan.findings.requiredItems.find((r) => r.id === 'budget')!;
      expect(p(budget.url)).toBe('/xxgk/czyjs/');
      expect(budget.via).toBe('政府信息公开目录中的链接');
      expect(budget.office).toBe('财务处');
      const leaders = scan.findings.requiredItems.find((r) => r.id === 'leaders')!;
      expect(p(leaders.url)).toBe('/jgsz/ldxx.html');
    });

    it('does not count a link whose text names an item but leads to an unrelated page', () => {
      const row = scan.findings.requiredItems.find((r) => r.id === 'major-decisions')!;
      expect(row.found).toBe(false);
      const rejected = (scan.artifacts.disclosure as DisclosureArtifact).rejected.find((r) => r.item === 'major-decisions')!;
      expect(rejected.text).toBe('重大决策预公开');
      expect(p(rejected.target)).toBe('/xwzx/gzdt/202611/t20261112_100004.html');
    });

    it('deducts each missing item under its office, with the directory as evidence page', () => {
      const missing = of('deduct.required-item-missing');
      expect(missing).toHaveLength(5);
      const soil = missing.find((f) => f.title.includes('土壤'))!;
      expect(soil.office).toBe('土壤处');
      expect(soil.points).toBe(1);
      expect(p(soil.url)).toBe('/xxgk/');
    });

    it("checks yearly editions: last year's annual disclosure report is missing, the website report is there", () => {
      const report = scan.findings.requiredItems.find((r) => r.id === 'disclosure-annual-report')!;
      expect(report.found).toBe(true);
      expect(report.edition).toEqual({ expected: 2025, found: null, url: null });
      const web = scan.findings.requiredItems.find((r) => r.id === 'website-annual-report')!;
      expect(web.edition).toMatchObject({ expected: 2025, found: 2025 });
      const outdated = of('deduct.required-item-outdated');
      expect(outdated.map((f) => f.title)).toEqual(['未按时公开 2025 年度「政府信息公开工作年度报告」']);
      expect(outdated[0].office).toBe('厅办公室');
    });
  });

  describe('site identity', () => {
    it('reads every footer element and tries the search with a recent article title', () => {
      expect(scan.findings.siteIdentity).toMatchObject({
        siteCode: '6200000099',
        icp: '陇ICP备05000099号',
        psb: '甘公网安备 62010202000099号',
        partyGovLogo: true,
        errorReport: true,
        search: true,
        sponsor: '示例省生态环境厅',
        sitemap: true,
      });
      expect(of('deduct.site-identity-missing')).toEqual([]);
    });

    it('sends the search probe although robots.txt disallows /was5/ (one visitor-like request)', () => {
      const probes = scan.sites.site.requests(/^\/was5\/web\/search\?/);
      expect(probes).toHaveLength(1);
      expect(decodeURIComponent(probes[0].url)).toContain('searchword=省生态环境厅召开全省生态环境保护工作推进会');
    });
  });

  describe('interaction', () => {
    it('counts 咨询/信箱 channels but not 信访 or 纪检举报', () => {
      expect(scan.findings.interaction!.channels.map(p).sort()).toEqual(['/hdjl/tzxx/', '/hdjl/zxts/']);
      expect(scan.findings.interaction!.channels.map(p)).not.toContain('/hdjl/xfbl/');
      expect(scan.findings.interaction!.channels.map(p)).not.toContain('/hdjl/jjjb/');
    });

    it('reads messages across all list pages and lists those still unanswered', () => {
      expect(scan.findings.interaction!.messagesRead).toBe(9);
      const open = scan.findings.interaction!.unanswered.map((u) => [p(u.url), u.askedDate, u.daysOpen]);
      // 2025-08-01 is older than a year: not counted.
      expect(open).toEqual([
        ['/hdjl/zxts/202611/t20261120_500001.html', '2026-11-20', 8],
        ['/hdjl/zxts/202606/t20260615_500007.html', '2026-06-15', 166],
      ]);
    });

    it('vetoes only the message unanswered for more than 90 days; a late answer is a warning', () => {
      const vetoes = of('veto.interaction-poor');
      expect(vetoes.map((f) => p(f.url))).toEqual(['/hdjl/zxts/202606/t20260615_500007.html']);
      // The demo's office map gives 互动交流 to 厅办公室 (the catalogue row names two offices, 厅办公室、信息中心).
      expect(vetoes[0]).toMatchObject({ office: '厅办公室', routedBy: 'config' });
      expect(of('warn.interaction-late-reply').map((f) => p(f.url))).toEqual(['/hdjl/zxts/202603/t20260302_500005.html']);
      expect(of('deduct.interaction-reply-stale')).toEqual([]);
      expect(scan.findings.score.vetoes).toContain('veto.interaction-poor');
    });
  });

  describe('services', () => {
    it('lists missing key elements per guide: veto at 5 or more, deduction below', () => {
      const incomplete = of('deduct.service-guide-incomplete');
      expect(incomplete.map((f) => [p(f.url), f.evidence])).toEqual([['/bsfw/bszn/wxfw.html', '缺少：设定依据、收费标准、办理时间']]);
      const veto = of('veto.service-unusable');
      expect(veto.map((f) => p(f.url))).toEqual(['/bsfw/bszn/fsaq.html']);
      expect(veto[0].evidence).toBe('缺少：设定依据、申请条件、办理地点、收费标准、办理时间、办理流程');
      expect(mine.some((f) => f.url?.endsWith('/bsfw/bszn/hpsp.html'))).toBe(false);
    });

    it('flags a form that does not download', () => {
      const forms = of('deduct.service-form-unavailable');
      expect(forms).toHaveLength(1);
      expect(forms[0].evidence).toContain('/uploads/2026/hw-license-form.doc 返回 HTTP 404');
    });
  });

  describe('interpretation', () => {
    it('reports the unpaired document and the pair linked one way only', () => {
      expect(of('deduct.interpretation-missing').map((f) => p(f.url))).toEqual(['/xxgk/zcwj/202601/t20260115_100045.html']);
      const unlinked = of('deduct.interpretation-unlinked');
      expect(unlinked.map((f) => p(f.url))).toEqual(['/xxgk/zcwj/202512/t20251218_100041.html']);
      expect(unlinked[0].evidence).toContain('文件页未链接解读');
      const check = scan.findings.checks.find((c) => c.id === 'interpretation')!;
      expect(check.reason).toBe('近一年政策文件 3 件，有解读 2 件（66.7%），双向关联 1 件');
    });
  });

  it('shows missing items grouped by responsible office in the HTML report', async () => {
    const { readFile } = await import('node:fs/promises');
    const file = scan.outcome.files.find((f) => f.endsWith('.html'))!;
    const html = await readFile(file, 'utf8');
    const section = html.slice(html.indexOf('id="required-items-title"'), html.indexOf('</section>', html.indexOf('id="required-items-title"'))).replace(/ data-label="[^"]*"/g, '');
    expect(section).toContain('<td>土壤处</td><td><ul><li>建设用地土壤污染风险管控和修复名录</li></ul></td><td>1</td>');
    expect(section).toContain('<td>财务处</td><td><ul><li>“三公”经费预决算</li></ul></td><td>1</td>');
    expect(section).toContain('「重大决策预公开」');
    expect(html).toContain('id="interaction-title"');
    expect(html).toContain('设定依据、申请条件、办理地点、收费标准、办理时间、办理流程');
  });

  it('lists the manual review items with severity manual', () => {
    const manual = scan.findings.findings.filter((f) => f.check === 'manual-review');
    expect(manual.length).toBeGreaterThanOrEqual(5);
    expect(manual.every((f) => f.severity === 'manual' && f.points === 0)).toBe(true);
  });
});

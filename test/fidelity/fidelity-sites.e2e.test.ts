import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnsArtifact } from '../../src/columns/types.ts';
import type { ContentSafetyArtifact } from '../../src/content-safety/types.ts';
import { FIXTURES_DIR } from '../../src/demo/fixture-server.ts';
import type { InteractionArtifact, ServicesArtifact } from '../../src/disclosure/types.ts';
import type { Finding } from '../../src/types.ts';
import { localPath, startFixtureSites, type FixtureScan, type FixtureSites } from '../helpers/fixture-scan.ts';
import { scanVariant } from './scan-variant.ts';

const ROOT = path.join(FIXTURES_DIR, 'fidelity');

describe('detector fidelity on real CMS markup (test/fixtures/fidelity)', () => {
  let sites: FixtureSites;
  let clean: FixtureScan;
  let faulty: FixtureScan;
  const of = (scan: FixtureScan, pred: (f: Finding) => boolean) => scan.findings.findings.filter(pred);
  const vetoes = (scan: FixtureScan) => of(scan, (f) => f.severity === 'veto').map((f) => [f.indicator, localPath(f.url ?? '', sites)]);
  const safety = (scan: FixtureScan, check: string) => of(scan, (f) => f.check === check).map((f) => [f.indicator, f.title]);
  const art = <T>(scan: FixtureScan, name: string) => scan.artifacts[name] as T;

  beforeAll(async () => {
    sites = await startFixtureSites(ROOT);
    clean = await scanVariant(sites, 'clean', { followCountyHost: true });
    faulty = await scanVariant(sites, 'faulty');
  }, 120_000);
  afterAll(async () => {
    await clean?.cleanup();
    await faulty?.cleanup();
    await sites?.stop();
  });

  describe('clean variant: nothing may fire', () => {
    it('has zero vetoes, zero 暗链, zero 错敏词 and zero privacy hits', () => {
      expect(vetoes(clean)).toEqual([]);
      expect(safety(clean, 'hidden-links')).toEqual([]);
      expect(safety(clean, 'wrong-expressions')).toEqual([]);
      expect(safety(clean, 'privacy')).toEqual([]);
      expect(clean.findings.contentSafety).toEqual([]);
    });
  });

  describe('faulty variant: exactly the planted problems', () => {
    it('vetoes the overdue letter and the guide missing seven elements, nothing else', () => {
      expect(vetoes(faulty).sort()).toEqual([
        ['veto.interaction-poor', '/faulty/sjxx/detail.html?id=99'],
        ['veto.service-unusable', '/faulty/bsfw/fsaq.html'],
      ]);
    });

    it('reports the one planted hidden link, 错敏词 and mobile number', () => {
      expect(safety(faulty, 'hidden-links')).toEqual([['warn.hidden-link', '页面存在指向外部网站的隐藏链接：http://www.ad-partner.com/']]);
      expect(safety(faulty, 'wrong-expressions')).toEqual([['warn.content-review', '疑似表述不规范：「国土资源部」（应为「自然资源部」）']]);
      expect(safety(faulty, 'privacy')).toEqual([['warn.privacy-mobile', '页面公开了 1 个未脱敏的手机号，请确认是否应当公开']]);
    });

    it('reports the invalid site code and the missing 找错 entry', () => {
      const identity = of(faulty, (f) => f.check === 'site-identity' && f.severity === 'deduct').map((f) => [f.indicator, f.title]);
      expect(identity).toEqual([
        ['deduct.site-identity-missing', '页脚缺少网站标识码'],
        ['deduct.error-report-missing', '未设置「我为政府网站找错」入口'],
      ]);
    });
  });

  describe('item 5: a veto needs positive evidence', () => {
    it('reads a 书记信箱 of ul/li rows under a header of labels (sjxx/index.html): 20 answered letters, no veto', () => {
      const i = art<InteractionArtifact>(clean, 'interaction');
      const sjxx = i.messages.filter((m) => localPath(m.listUrl, sites) === '/clean/sjxx/');
      expect(sjxx).toHaveLength(20);
      expect(sjxx.every((m) => m.answered === true && m.repliedDate !== null)).toBe(true);
      expect(i.channels.map((c) => localPath(c.url, sites))).toContain('/clean/sjxx/');
    });

    it('follows a 县长信箱 on another host in site.extraHosts and reads its div rows (external/fidelity/xzxx)', () => {
      const i = art<InteractionArtifact>(clean, 'interaction');
      expect(i.messages.filter((m) => localPath(m.listUrl, sites) === 'EXT/fidelity/xzxx/')).toHaveLength(5);
      expect(i.channels.map((c) => localPath(c.url, sites))).toContain('EXT/fidelity/xzxx/');
      expect(i.external).toEqual([]);
    });

    it('lists a 县长信箱 on a host not configured as external: manual, never skipped, never a veto', () => {
      const i = art<InteractionArtifact>(faulty, 'interaction');
      expect(i.external.map((e) => [e.text, localPath(e.url, sites)])).toEqual([['县长信箱', 'EXT/fidelity/xzxx/']]);
      const manual = of(faulty, (f) => f.indicator === 'manual.interaction-unverified');
      expect(manual).toHaveLength(1);
      expect(manual[0].severity).toBe('manual');
      expect(manual[0].evidence).toContain('site.extraHosts');
    });

    it('accepts a consultation titled 「咨询…举报奖励办法」 as a channel, not a 举报 channel (zxjb/index.html)', () => {
      const i = art<InteractionArtifact>(clean, 'interaction');
      expect(i.channels.map((c) => localPath(c.url, sites))).toContain('/clean/zxjb/');
      expect(i.rejected.filter((r) => r.kind === 'excluded')).toEqual([]);
    });

    it('judges only guides by structure: not the 信息公开指南 (xxgk/zn.html) nor the 意见征集 notice (yjzj/index.html)', () => {
      const guides = art<ServicesArtifact>(clean, 'services').guides.map((g) => localPath(g.url, sites));
      expect(guides).toEqual(['/clean/bsfw/hpsp.html']);
      expect(art<ServicesArtifact>(faulty, 'services').guides.map((g) => localPath(g.url, sites)).sort()).toEqual(['/faulty/bsfw/fsaq.html', '/faulty/bsfw/hpsp.html']);
    });
  });

  describe('item 6: 暗链 means spam, not "hidden" (index.html)', () => {
    const dismissed = () => art<ContentSafetyArtifact>(clean, 'contentSafety').hiddenLinks.filter((h) => localPath(h.page, sites) === '/clean/');
    it('dismisses the script-toggled side menu, the hover menu and the hidden tab list', () => {
      const byHref = new Map(dismissed().map((h) => [h.href, h.dismissed]));
      expect(byHref.get('http://www.qx3.gov.cn/')).toContain('sideMenu');
      expect(byHref.get('http://www.qx1.gov.cn/')).toContain('div.sub');
      expect(byHref.get('http://www.qx2.gov.cn/')).toContain('选项卡');
    });

    it('dismisses the CMS vendor credit link and the hidden 纠错 link by the allow-list', () => {
      const byHref = new Map(dismissed().map((h) => [h.href, h.dismissed]));
      expect(byHref.get('http://www.trs.com.cn/')).toContain('trs.com.cn');
      expect([...byHref].find(([href]) => href.startsWith('https://pucha.kaipuyun.cn/'))?.[1]).toContain('kaipuyun.cn');
    });

    it('does not compare colours of footer links over a background picture', () => {
      expect(dismissed().some((h) => h.reasons.some((r) => r.includes('颜色')))).toBe(false);
    });
  });

  describe('item 6: 错敏词 and privacy on lxfs.html', () => {
    it('skips 国土资源部门, a cited decree and published contact numbers; finds the planted ones only', () => {
      const lexicon = art<ContentSafetyArtifact>(faulty, 'contentSafety').lexiconHits.map((h) => [h.term, h.context]);
      expect(lexicon).toEqual([['国土资源部', '据国土资源部统计，全省耕地保有量稳定']]);
      expect(art<ContentSafetyArtifact>(faulty, 'contentSafety').privacy.map((p) => p.masked)).toEqual(['139****5678']);
    });
  });

  describe('item 7: identity and columns', () => {
    it('accepts a ministry code written without a colon and a picture 找错 link', () => {
      expect(clean.findings.siteIdentity).toMatchObject({ siteCode: 'bm17000001', errorReport: true, icp: '京ICP备05000001号' });
      expect(art<{ facts: { errorReport: string } }>(clean, 'siteIdentity').facts.errorReport).toMatch(/\/clean\/errorInfo\/search\?siteCode=bm17000001$/);
    });

    it('reports a script-drawn badge (div.dzjg.j-gov) as manual when no browser, without a deduction', () => {
      expect(clean.findings.siteIdentity?.partyGovLogo).toBeNull();
      const manual = of(clean, (f) => f.indicator === 'manual.identity-widget');
      expect(manual.map((f) => [f.severity, f.title])).toEqual([['manual', '党政机关网站标识需人工核查']]);
      expect(manual[0].evidence).toContain('div.dzjg.j-gov');
      expect(of(clean, (f) => f.check === 'site-identity' && f.severity === 'deduct')).toEqual([]);
    });

    it('never makes homepage tabs (index.html?link=…) or search pages (search?q=…) columns', () => {
      const urls = art<ColumnsArtifact>(clean, 'columns').columns.map((c) => localPath(c.url, sites));
      expect(urls.filter((u) => /\?link=|search/.test(u))).toEqual([]);
    });

    it('recognises 此栏目暂无任何新增信息 as a blank marker (tzgg/index.html)', () => {
      const tzgg = art<ColumnsArtifact>(clean, 'columns').columns.find((c) => localPath(c.url, sites) === '/clean/tzgg/');
      expect(tzgg).toMatchObject({ blank: true, blankReason: '暂无任何新增信息' });
    });

    it('does not class department pages 综合规划处 / 计划财务处 as 规划计划 columns (jgsz/)', () => {
      const columns = art<ColumnsArtifact>(clean, 'columns').columns.filter((c) => localPath(c.url, sites).startsWith('/clean/jgsz/'));
      expect(columns.map((c) => c.category)).toEqual(columns.map(() => 'other'));
      expect(art<ColumnsArtifact>(clean, 'columns').columns.some((c) => c.category === 'plan')).toBe(false);
    });
  });
});

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../../src/demo/fixture-server.ts';
import type { Finding } from '../../src/types.ts';
import { localPath, scanFixture, startFixtureSites, type FixtureScan, type FixtureSites } from '../helpers/fixture-scan.ts';

const ROOT = path.join(FIXTURES_DIR, 'identity-sites');

/** One small site per folder of test/fixtures/identity-sites, scanned over real HTTP. */
function scanSub(sites: FixtureSites, folder: string, disclosure?: Record<string, unknown>) {
  return scanFixture({
    sites,
    config: (s) => ({
      site: { name: folder, url: `${s.site.origin}/${folder}/`, include: [`/${folder}/`] },
      crawl: { sitemap: false, robots: false },
      browser: { enabled: false, loopbackOnly: true },
      ...(disclosure && { disclosure }),
    }),
  });
}

describe('site identity, search, interaction and services on small fixture sites', () => {
  let sites: FixtureSites;
  const scans: Record<string, FixtureScan> = {};
  const findings = (name: string, indicator: string): Finding[] => scans[name].findings.findings.filter((f) => f.indicator === indicator);
  beforeAll(async () => {
    sites = await startFixtureSites(ROOT);
    for (const name of ['full', 'bare', 'noresults']) scans[name] = await scanSub(sites, name);
    scans.custom = await scanSub(sites, 'full', { extraItems: [{ id: 'noise-monitoring', name: '噪声监测', keywords: ['噪声'], office: '监测处' }] });
    scans.badCatalogue = await scanSub(sites, 'full', { catalogue: 'no-such-catalogue.yaml' });
  }, 120_000);
  afterAll(async () => {
    for (const s of Object.values(scans)) await s.cleanup();
    await sites?.stop();
  });

  it('finds no 无障碍 or foreign-language entry on homepages that have none (the annual form reads 未发现)', () => {
    for (const name of ['full', 'bare']) {
      expect((scans[name].artifacts.siteIdentity as { entries?: unknown }).entries, name).toEqual({ accessibility: null, languages: [] });
    }
  });

  describe('a footer with every element and a working search', () => {
    it('fills siteIdentity', () => {
      expect(scans.full.findings.siteIdentity).toMatchObject({
        siteCode: '6200000001',
        icp: '陇ICP备12345678号-1',
        psb: '甘公网安备 62010202000001号',
        partyGovLogo: true,
        errorReport: true,
        search: true,
        sponsor: '样板市生态环境局',
        contact: '电话 0931-1234567',
        sitemap: true,
      });
      expect(findings('full', 'deduct.site-identity-missing')).toEqual([]);
      expect(findings('full', 'deduct.search-unavailable')).toEqual([]);
    });

    it('submits the form with its hidden fields and the newest article title', () => {
      const [probe] = sites.site.requests(/^\/full\/search\?/);
      expect(decodeURIComponent(probe.url)).toBe('/full/search?channelid=1&searchword=样板市召开生态环境保护督察整改推进会');
    });

    it('deducts a reply column silent for more than 60 days, without a veto for a recent open message', () => {
      const stale = findings('full', 'deduct.interaction-reply-stale');
      expect(stale).toHaveLength(1);
      expect(stale[0].evidence).toBe('最近一次答复日期 2026-07-20，至 2026-11-28 已 131 天');
      expect(findings('full', 'veto.interaction-poor')).toEqual([]);
      expect(scans.full.findings.interaction!.unanswered.map((u) => [u.askedDate, u.daysOpen])).toEqual([['2026-11-01', 27]]);
    });

    it('accepts a guide that uses other labels for the ten elements', () => {
      expect(findings('full', 'deduct.service-guide-incomplete')).toEqual([]);
      expect(findings('full', 'veto.service-unusable')).toEqual([]);
    });
  });

  describe('a bare footer, no search, only 信访 and 纪检举报 channels', () => {
    it('reports each missing identity element and rejects a code that is not 10 digits', () => {
      const id = scans.bare.findings.siteIdentity!;
      expect(id).toMatchObject({ siteCode: null, icp: null, psb: null, partyGovLogo: false, errorReport: false, search: false, sitemap: false });
      const titles = findings('bare', 'deduct.site-identity-missing').map((f) => f.title);
      expect(titles).toEqual(['页脚缺少网站标识码', '页脚缺少ICP备案号', '页脚缺少公安机关备案号', '页脚缺少党政机关网站标识', '页脚缺少主办单位', '页脚缺少联系方式', '页脚缺少网站地图']);
      expect(findings('bare', 'deduct.site-identity-missing')[0].evidence).toContain('「62000」不是 10 位数字');
      expect(findings('bare', 'deduct.error-report-missing')).toHaveLength(1);
    });

    it('tries the known endpoints when there is no search form, and reports the search unavailable', () => {
      expect(sites.site.requests(/^\/was5\/web\/search\?searchword=/)).toHaveLength(1);
      const [f] = findings('bare', 'deduct.search-unavailable');
      expect(f.evidence).toContain('首页未发现搜索框');
    });

    it('vetoes a site whose only channels are 信访 and 纪检举报, and one without services', () => {
      expect(scans.bare.findings.interaction!.channels).toEqual([]);
      const veto = findings('bare', 'veto.interaction-poor');
      expect(veto.map((f) => f.title)).toEqual(['未提供可用的在线咨询/留言渠道']);
      expect(veto[0].evidence).toContain('信访');
      expect(findings('bare', 'veto.service-unusable').map((f) => f.title)).toEqual(['网站未提供办事服务']);
    });
  });

  describe('script-loaded badges and a search that finds nothing', () => {
    it('recognises the conac badge and 找错 button loaded by scripts', () => {
      expect(scans.noresults.findings.siteIdentity).toMatchObject({ partyGovLogo: true, errorReport: true, siteCode: '6200000003', icp: '陇ICP备00000003号', psb: null, search: false });
    });

    it('reports the search unavailable when the result page says nothing was found', () => {
      const [f] = findings('noresults', 'deduct.search-unavailable');
      expect(f.evidence).toContain('搜索页称无结果：「没有找到」');
      expect(localPath(f.url!, sites)).toMatch(/^\/noresults\/search\.action\?q=/);
    });
  });

  describe('catalogue configuration', () => {
    it('adds rows from disclosure.extraItems and matches them like the bundled ones', () => {
      const row = scans.custom.findings.requiredItems.find((r) => r.id === 'noise-monitoring')!;
      expect(row).toMatchObject({ name: '噪声监测', office: '监测处', found: false });
      expect(scans.custom.findings.requiredItems).toHaveLength(41);
      expect(scans.custom.findings.findings.some((f) => f.indicator === 'deduct.required-item-missing' && f.title === '未公开「噪声监测」' && f.office === '监测处')).toBe(true);
    });

    it('turns a missing catalogue file into a check error with the reason, and the scan still completes', () => {
      const check = scans.badCatalogue.findings.checks.find((c) => c.id === 'required-items')!;
      expect(check.status).toBe('error');
      expect(check.reason).toContain('找不到该公开目录文件');
      expect(scans.badCatalogue.findings.siteIdentity?.siteCode).toBe('6200000001');
    });
  });
});

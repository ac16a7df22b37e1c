import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { beforeAll, describe, expect, it } from 'vitest';
import siteIdentity from '../../checks/site-identity.ts';
import { classifyColumn } from '../../src/columns/classify.ts';
import { isNotColumnUrl } from '../../src/columns/discovery.ts';
import { validateConfig } from '../../src/config/load.ts';
import { DEFAULT_CLASS_RULES } from '../../src/config/sections/columns.ts';
import { allowedHostMatcher } from '../../src/content-safety/content-safety-gatherer.ts';
import { matchLexicon } from '../../src/content-safety/lexicon.ts';
import { loadLexicon, type LoadedLexicon } from '../../src/content-safety/load-lexicon.ts';
import { findPrivacyLeaks } from '../../src/content-safety/privacy.ts';
import { findHiddenLinks } from '../../src/content-safety/static-hidden.ts';
import { FIXTURES_DIR } from '../../src/demo/fixture-server.ts';
import { readIdentity, type IdentityFacts } from '../../src/disclosure/identity.ts';
import { excludedRole } from '../../src/disclosure/interaction-gatherer.ts';
import { readMessageBoards } from '../../src/disclosure/messages.ts';
import { elementsShownAsLabels } from '../../src/disclosure/services-gatherer.ts';
import type { SiteIdentityArtifact } from '../../src/disclosure/types.ts';
import type { LinksArtifact } from '../../src/artifacts.ts';

const CLEAN = path.join(FIXTURES_DIR, 'fidelity', 'clean');
const load = (file: string) => cheerio.load(readFileSync(path.join(CLEAN, file), 'utf8').replaceAll('{{EXTERNAL}}', 'http://127.0.0.2:9'));
const config = validateConfig({ site: { name: '示例省生态环境厅', url: 'http://site.test/' }, newMedia: [] });

describe('item 5: boards, channel roles, guides', () => {
  it('reads ul/li rows under a header row of labels (sjxx/index.html)', () => {
    const { messages, headers } = readMessageBoards(load('sjxx/index.html'), 'http://site.test/sjxx/');
    expect(headers).toBe(1);
    expect(messages).toHaveLength(20);
    expect(messages[0]).toMatchObject({ title: '关于第1号来信反映问题的答复', askedDate: '2026-11-20', repliedDate: '2026-11-23', status: '已答复', answered: true, url: 'http://site.test/sjxx/detail.html?id=1' });
  });

  it('reads div rows, a thead header and columns in any order', () => {
    const html = `<div class="b"><div class="th"><span>状态</span><span>主题</span><span>来信日期</span></div><div class="tr"><span>办理中</span><span>噪声扰民</span><span>2026-05-01</span></div></div>
      <table><thead><tr><th>标题</th><th>留言时间</th><th>答复时间</th></tr></thead><tbody><tr><td>水质</td><td>2026-06-01</td><td>2026-06-03</td></tr></tbody></table>`;
    const { messages } = readMessageBoards(cheerio.load(html), 'http://site.test/ly/');
    expect(messages.map((m) => [m.title, m.askedDate, m.answered])).toEqual([
      ['噪声扰民', '2026-05-01', false],
      ['水质', '2026-06-01', true],
    ]);
  });

  it('counts a board header whose rows a script fills as a board it cannot read', () => {
    const html = '<ul><li class="head"><span>标题</span><span>留言时间</span><span>办理状态</span></li></ul><script>loadRows()</script>';
    expect(readMessageBoards(cheerio.load(html), 'http://site.test/ly/')).toEqual({ messages: [], headers: 1 });
  });

  it('excludes by role, not by substring', () => {
    const words = config.disclosure.interaction.excludeKeywords;
    expect(excludedRole('咨询生态环境违法行为举报奖励办法', words)).toBeNull();
    expect(excludedRole('关于《举报奖励办法》的咨询', words)).toBeNull();
    expect(excludedRole('纪检举报信箱', words)).toBe('纪检');
    expect(excludedRole('信访留言', words)).toBe('信访');
    expect(excludedRole('12369环保举报', words)).toBe('举报');
  });

  it('sees guide elements only where they are labels: guide, 信息公开指南, 意见征集 notice', () => {
    const elements = config.disclosure.services.elements;
    expect(elementsShownAsLabels(load('bsfw/hpsp.html'), elements)).toHaveLength(10);
    const zn = elementsShownAsLabels(load('xxgk/zn.html'), elements);
    const yjzj = elementsShownAsLabels(load('yjzj/index.html'), elements);
    const core = config.disclosure.services.coreElements;
    expect(zn.filter((e) => core.includes(e))).toEqual([]);
    expect(yjzj.filter((e) => core.includes(e))).toEqual([]);
  });
});

describe('item 6: 暗链, 错敏词, privacy', () => {
  let lexicon: LoadedLexicon;
  beforeAll(async () => {
    lexicon = await loadLexicon(config.contentSafety.lexicons, process.cwd());
  });

  it('marks the toggled menu, side menu and tab list on the TRS homepage as toggled; keeps an unexplained hidden block', () => {
    const $ = load('index.html');
    $('body').append('<div style="display:none"><a href="http://spam.example/">x</a></div>');
    const found = findHiddenLinks($, 'http://site.test/clean/', (u) => new URL(u).host === 'site.test');
    const byHref = Object.fromEntries(found.map((h) => [h.href, h.toggled]));
    expect(byHref['http://www.qx3.gov.cn/']).toContain('sideMenu');
    expect(byHref['http://www.qx1.gov.cn/']).toContain('div.sub');
    expect(byHref['http://spam.example/']).toBeNull();
    // White footer links over a background picture are not "same colour as the background".
    expect(found.flatMap((h) => h.reasons).filter((r) => r.includes('颜色'))).toEqual([]);
  });

  it('still reports white text on a plain white background', () => {
    const $ = cheerio.load('<div style="background:#fff"><a href="http://spam.example/" style="color:#fff">x</a></div>');
    expect(findHiddenLinks($, 'http://site.test/', () => false)[0].reasons).toEqual(['文字颜色与背景色相同（#ffffff）']);
  });

  it('allows the default hosts and their subdomains only', () => {
    const allowed = allowedHostMatcher(config.contentSafety.allowedHosts);
    expect(allowed('http://www.trs.com.cn/')).toBe('trs.com.cn');
    expect(allowed('https://pucha.kaipuyun.cn/x')).toBe('pucha.kaipuyun.cn');
    expect(allowed('http://bszs.conac.cn/sitename')).toBe('conac.cn');
    expect(allowed('http://nottrs.com.cn/')).toBeNull();
  });

  it('respects organisation-name boundaries and dated citations (lxfs.html)', () => {
    const terms = (t: string) => matchLexicon(t, lexicon.lexicon).map((h) => h.term);
    expect(terms(load('lxfs.html')('body').text())).toEqual([]);
    expect(terms('各级国土资源部门')).toEqual([]);
    expect(terms('（国家发展和改革委员会、环境保护部令第38号）')).toEqual([]);
    expect(terms('依据《环境保护部关于印发某办法的通知》（环发〔2015〕12号）')).toEqual([]);
    expect(terms('国土资源部要求')).toEqual(['国土资源部']);
    expect(terms('环境保护部今天发布')).toEqual(['环境保护部']);
  });

  it('does not count published contact numbers as leaks (lxfs.html)', () => {
    expect(findPrivacyLeaks(load('lxfs.html')('body').text())).toEqual([]);
    expect(findPrivacyLeaks('传真：13912345678').map((h) => h.masked)).toEqual([]);
    expect(findPrivacyLeaks('低保户 张三 13912345678').map((h) => h.masked)).toEqual(['139****5678']);
  });
});

describe('item 7: identity and columns', () => {
  const facts = (html: string): IdentityFacts => readIdentity(cheerio.load(html), []);

  it('reads codes without a colon and ministries’ bm codes', () => {
    expect(facts('<p>网站标识码bm17000001 京ICP备05000001号</p>').siteCode).toBe('bm17000001');
    expect(facts('<p>网站标识码 6200000001</p>').siteCode).toBe('6200000001');
    expect(facts('<p>网站标识码bm1700</p>')).toMatchObject({ siteCode: null, siteCodeInvalid: 'bm1700' });
  });

  it('recognises the national-portal footer: picture 找错 link, script placeholders (index.html)', () => {
    const f = readIdentity(load('index.html'), []);
    expect(f.errorReport).toMatch(/errorInfo\/search\?siteCode=bm17000001$/);
    expect(f.partyGovLogo).toBeNull();
    expect(f.partyGovLogoScript).toBe('div.dzjg.j-gov');
    expect(facts('<div class="j-jiucuo"></div>').errorReportScript).toBe('div.j-jiucuo');
    expect(facts('<script src="/js/jiucuo.js"></script>').errorReportScript).toBe('脚本 /js/jiucuo.js');
  });

  it('applies one rule to both widgets: unreachable host → manual, HTTP error → missing', () => {
    const base = facts('<p>网站标识码6200000001</p>');
    const identity = (f: Partial<IdentityFacts>): SiteIdentityArtifact => ({
      homepageUrl: 'http://site.test/', homepageError: null, facts: { ...base, ...f }, host: 'site.test', https: false, govCn: null, declaredDomain: null,
      search: { tried: false, reason: null, form: null, endpoint: null, url: null, query: null, expectedUrl: null, status: null, error: null, works: null, matched: null },
    });
    const broken = (target: string, status: number | null) => ({ target, kind: 'script' as const, internal: false, attachment: false, verdict: 'broken' as never, status, error: status ? null : 'ENOTFOUND', errorDetail: null, sources: [], texts: [] });
    const links = (b: ReturnType<typeof broken>[]): LinksArtifact => ({ checked: 1, occurrences: 1, ok: 0, broken: b, blocked: [], robotsSkipped: 0, homepageUrl: 'http://site.test/' });
    const run = (f: Partial<IdentityFacts>, b: ReturnType<typeof broken>[]) => {
      const out = siteIdentity.run({ siteIdentity: identity(f), links: links(b) }, { config, asOf: '2026-11-28', homepageUrl: 'http://site.test/' }) as { findings: { indicator: string; title: string }[] };
      return out.findings.filter((x) => /widget|error-report|党政/.test(`${x.indicator}${x.title}`)).map((x) => [x.indicator, x.title]);
    };
    const logo = 'https://dcs.conac.cn/js/conac.js';
    const jiucuo = 'https://zfwzzc.www.gov.cn/plugin/v3/jiucuo.js';
    expect(run({ partyGovLogo: logo, errorReport: jiucuo }, [broken(logo, null), broken(jiucuo, null)])).toEqual([
      ['manual.identity-widget', '党政机关网站标识需人工核查'],
      ['manual.identity-widget', '「我为政府网站找错」入口需人工核查'],
    ]);
    expect(run({ partyGovLogo: logo, errorReport: jiucuo }, [broken(logo, 404), broken(jiucuo, 404)])).toEqual([
      ['deduct.site-identity-missing', '页脚缺少党政机关网站标识'],
      ['deduct.error-report-missing', '未设置「我为政府网站找错」入口'],
    ]);
  });

  it('never takes homepage tabs or site-search pages as columns', () => {
    expect(isNotColumnUrl('http://site.test/index.html?link=ywdt', 'http://site.test/')).toBe(true);
    expect(isNotColumnUrl('http://site.test/search?q=环评', 'http://site.test/')).toBe(true);
    expect(isNotColumnUrl('http://site.test/was5/web/search?searchword=x', 'http://site.test/')).toBe(true);
    expect(isNotColumnUrl('http://site.test/xwdt/', 'http://site.test/')).toBe(false);
    expect(isNotColumnUrl('http://site.test/list.jsp?catid=3', 'http://site.test/')).toBe(false);
  });

  it('classes columns by role, not by a department name', () => {
    const c = (name: string, url?: string) => classifyColumn(name, DEFAULT_CLASS_RULES, url);
    expect(c('综合规划处')).toBe('other');
    expect(c('计划财务处')).toBe('other');
    expect(c('规划处工作动态')).toBe('news');
    expect(c('规划计划')).toBe('plan');
    expect(c('发展规划', 'http://site.test/jgsz/ghc/')).toBe('other');
    expect(c('行政处罚')).toBe('other');
    expect(c('通知公告')).toBe('notice');
  });

  it('has 此栏目暂无任何新增信息 among the default blank markers', () => {
    expect(config.columns.blankMarkers.some((m) => '此栏目暂无任何新增信息！'.includes(m))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.ts';
import type { ConfigInput } from '../../src/config/schema.ts';
import { singleOffice } from '../../src/disclosure/offices.ts';
import { createOfficeRouter } from '../../src/score/route-office.ts';
import type { ContentSafetyArtifact } from '../../src/content-safety/types.ts';
import { judgeHiddenLinks, judgeLexicon, judgeOutbound } from '../../src/content-safety/verdicts.ts';
import type { FindingDraft } from '../../src/types.ts';

const SITE = 'http://sthjt.example.gov.cn/';

/** The catalogue and columns as the gatherers store them (a few rows of the bundled catalogue). */
const artifacts = {
  disclosure: {
    catalogue: {
      id: 't',
      name: 't',
      items: [
        { id: 'budget', name: '部门预决算', keywords: ['预决算'], office: '财务处', rhythm: 'yearly' },
        { id: 'plans', name: '规划计划', keywords: ['规划计划'], office: '各相关处室', rhythm: 'yearly' },
        { id: 'policy-interpretation', name: '政策解读', keywords: ['解读'], office: '各处室（谁起草谁解读）', rhythm: 'ongoing' },
        { id: 'eia', name: '环评', keywords: ['环评'], office: '环评处、核安全处、固体处、水处、气候处、法规处', rhythm: 'ongoing' },
        { id: 'pollution-warning', name: '重污染天气预警', keywords: ['重污染天气'], office: '监测处（大气处、宣教处）', rhythm: 'on event' },
      ],
    },
  },
  columns: {
    columns: [
      { name: '工作动态', url: `${SITE}xwzx/gzdt/`, office: '宣教处' },
      { name: '规划计划', url: `${SITE}xxgk/ghjh/index.html`, office: null },
    ],
  },
};

function router(patch: Partial<ConfigInput> = {}) {
  const config = validateConfig({ site: { name: '示例省生态环境厅', url: SITE }, ...patch }, '测试配置');
  return createOfficeRouter(config, artifacts);
}

const draft = (extra: Partial<FindingDraft>): FindingDraft => ({ indicator: 'deduct.required-item-missing', title: 't', url: null, evidence: '', ...extra });

describe('one office per problem', () => {
  it('reads a group or a list of offices as no office, and a lead office with others in brackets as the lead', () => {
    expect(singleOffice('各相关处室')).toBeNull();
    expect(singleOffice('各处室（谁起草谁解读）')).toBeNull();
    expect(singleOffice('环评处、核安全处、固体处')).toBeNull();
    expect(singleOffice('各相关处室；执法局（专项行动）')).toBeNull();
    expect(singleOffice('厅办公室、信息中心')).toBeNull();
    expect(singleOffice('监测处（大气处、宣教处）')).toBe('监测处');
    expect(singleOffice('财务处')).toBe('财务处');
  });

  it('takes the catalogue row’s office; a group row falls through to the column, then the default office', () => {
    const route = router();
    expect(route(draft({ route: { catalogueItem: 'budget' } }))).toEqual({ office: '财务处', routedBy: 'catalogue' });
    expect(route(draft({ route: { catalogueItem: 'pollution-warning' } }))).toEqual({ office: '监测处', routedBy: 'catalogue' });
    expect(route(draft({ route: { catalogueItem: 'plans' } }))).toEqual({ office: '信息中心', routedBy: 'default' });
    expect(route(draft({ route: { catalogueItem: 'eia', column: { url: `${SITE}xwzx/gzdt/`, name: '工作动态', office: '宣教处' } } }))).toEqual({ office: '宣教处', routedBy: 'column' });
  });

  it('routes a page inside a column’s folder to that column’s office', () => {
    const route = router();
    expect(route(draft({ indicator: 'veto.serious-error', url: `${SITE}xwzx/gzdt/202611/t1.html` }))).toEqual({ office: '宣教处', routedBy: 'column' });
    // The homepage is in no column.
    expect(route(draft({ indicator: 'deduct.links-broken-homepage', url: SITE }))).toEqual({ office: '信息中心', routedBy: 'default' });
  });

  it('routes a problem on several pages to a column only when all its pages are in it: a link in the shared template is the site’s', () => {
    const route = router({ offices: { routes: [{ url: '/xxgk/ghjh/', office: '综合处' }] } });
    const link = (pages: string[]) => route(draft({ indicator: 'deduct.links-broken', url: pages[0], route: { pages } }));
    // In one column's content (its list and an article): that column's office.
    expect(link([`${SITE}xwzx/gzdt/index.html`, `${SITE}xwzx/gzdt/202611/t1.html`])).toEqual({ office: '宣教处', routedBy: 'column' });
    // In the footer of pages of several columns, or of a column and a page in none: the site's office.
    expect(link([`${SITE}xwzx/gzdt/202611/t1.html`, `${SITE}xxgk/ghjh/index.html`])).toEqual({ office: '信息中心', routedBy: 'default' });
    expect(link([`${SITE}xwzx/gzdt/202611/t1.html`, `${SITE}lxwm/`])).toEqual({ office: '信息中心', routedBy: 'default' });
    // A URL route decides only when every page matches it.
    expect(link([`${SITE}xxgk/ghjh/index.html`, `${SITE}xxgk/ghjh/t2.html`])).toEqual({ office: '综合处', routedBy: 'config' });
    expect(link([`${SITE}xxgk/ghjh/index.html`, `${SITE}xwzx/gzdt/202611/t1.html`])).toEqual({ office: '信息中心', routedBy: 'default' });
  });

  // Content-safety verdicts give one finding for all the pages a problem is on.
  const onPages: [string, string, (pages: string[]) => FindingDraft][] = [
    ['a 暗链', 'veto.serious-error', (pages) => judgeHiddenLinks({ hiddenLinks: pages.map((page) => ({ page, href: 'http://casino.example/', text: '娱乐城', reasons: ['display:none'], scripted: false, detectedBy: 'static', browser: 'hidden', spamWords: ['娱乐城'], domainWords: ['casino'] })), outbound: { spamTargets: [] }, browser: { used: true } } as unknown as ContentSafetyArtifact).findings[0]],
    ['a link to a gambling site', 'veto.serious-error', (pages) => judgeOutbound({ outbound: { spamTargets: [{ url: 'http://casino.example/', host: 'casino.example', title: '娱乐城', words: ['娱乐城'], sources: pages, hiddenOnly: false }] } } as unknown as ContentSafetyArtifact).findings[0]],
    ['a wrong expression', 'deduct.content-expression', (pages) => judgeLexicon({ lexiconHits: pages.map((url) => ({ url, where: 'body', attachmentUrl: null, term: '党的20大', kind: 'wrong-expression', level: 'general', category: null, correct: '党的二十大', note: null, context: '学习贯彻党的20大精神', count: 1 })) } as unknown as ContentSafetyArtifact).findings[0]],
  ];
  it.each(onPages)('sends %s on pages of several columns to the site’s office, and on one column’s pages to that column’s', (_what, indicator, judge) => {
    const route = router();
    const routed = (pages: string[]) => {
      const finding = judge(pages);
      expect(finding.indicator).toBe(indicator);
      return route(finding);
    };
    // The first page is the column's and the second is outside it: that column's office would be told to fix another office's page.
    expect(routed([`${SITE}xwzx/gzdt/202611/t1.html`, `${SITE}xxgk/ghjh/index.html`])).toEqual({ office: '信息中心', routedBy: 'default' });
    expect(routed([`${SITE}xwzx/gzdt/202611/t1.html`, `${SITE}xwzx/gzdt/202611/t2.html`])).toEqual({ office: '宣教处', routedBy: 'column' });
  });

  it('uses the policy document’s drafting office after the catalogue and column, and an office named as 发文机关', () => {
    const route = router();
    const doc = (document: NonNullable<FindingDraft['route']>['document']) => route(draft({ indicator: 'deduct.interpretation-missing', url: `${SITE}zcfg/t1.html`, route: { catalogueItem: 'policy-interpretation', document } }));
    expect(doc({ office: '法规处' })).toEqual({ office: '法规处', routedBy: 'document' });
    expect(doc({ issuer: '示例省生态环境厅执法局' })).toEqual({ office: '执法局', routedBy: 'document' });
    expect(doc({ issuer: '示例省生态环境厅' })).toEqual({ office: '信息中心', routedBy: 'default' });
  });

  it('lets an explicit office (a document register’s 起草处室) win over the catalogue, unless it is a group', () => {
    const route = router();
    expect(route(draft({ office: '土壤处', officeFromRegister: true, route: { catalogueItem: 'budget' } }))).toEqual({ office: '土壤处', routedBy: 'register' });
    expect(route(draft({ office: '各相关处室', officeFromRegister: true, route: { catalogueItem: 'budget' } }))).toEqual({ office: '财务处', routedBy: 'catalogue' });
    // A new-media account's configured office.
    expect(route(draft({ office: '宣教处' }))).toEqual({ office: '宣教处', routedBy: 'config' });
  });

  it('puts the config office map first: by indicator (with a * prefix), column name or URL, first match wins', () => {
    const route = router({
      offices: {
        routes: [
          { indicator: 'deduct.interpretation-*', office: '法规处' },
          { column: '规划', office: '综合处' },
          { url: '/zcfg/', office: '政策法规处' },
          { docNumber: '环土', office: '土壤处' },
          { indicator: 'deduct.required-item-missing', url: 'never-matches', office: '不应命中' },
        ],
      },
    });
    expect(route(draft({ indicator: 'deduct.interpretation-missing', office: '土壤处', url: `${SITE}zcfg/t1.html` }))).toEqual({ office: '法规处', routedBy: 'config' });
    expect(route(draft({ indicator: 'warn.column-stale', url: `${SITE}xxgk/ghjh/index.html`, route: { column: { url: `${SITE}xxgk/ghjh/index.html`, name: '规划计划' } } }))).toEqual({ office: '综合处', routedBy: 'config' });
    expect(route(draft({ indicator: 'deduct.links-broken', url: `${SITE}zcfg/t2.html` }))).toEqual({ office: '政策法规处', routedBy: 'config' });
    expect(route(draft({ route: { catalogueItem: 'budget' } }))).toEqual({ office: '财务处', routedBy: 'catalogue' });
    expect(route(draft({ indicator: 'deduct.interpretation-unlinked', route: { document: { number: '示环土发〔2026〕3号' } } }))).toEqual({ office: '法规处', routedBy: 'config' });
    expect(route(draft({ indicator: 'deduct.register-missing', route: { document: { number: '示环土发〔2026〕3号' } } }))).toEqual({ office: '土壤处', routedBy: 'config' });
  });

  it('uses site.office as the default office', () => {
    const route = router({ site: { name: '示例省生态环境厅', url: SITE, office: '办公室' } });
    expect(route(draft({}))).toEqual({ office: '办公室', routedBy: 'default' });
  });

  it('rejects a route without a condition or with a bad pattern, naming the field', () => {
    expect(() => router({ offices: { routes: [{ office: '综合处' }] } })).toThrow(/offices\.routes/);
    expect(() => router({ offices: { routes: [{ url: '([', office: '综合处' }] } })).toThrow(/offices\.routes\.0\.url/);
  });
});

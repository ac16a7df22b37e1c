import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/working-days.ts';
import { docNoOnPage, normaliseDocNo } from '../../src/disclosure/register/doc-number.ts';
import { mapHeaders, parseAttribute } from '../../src/disclosure/register/read-register.ts';
import { findPage, reconcile, type ReconcileOptions } from '../../src/disclosure/register/reconcile.ts';
import type { DocumentPage, RegisterRow } from '../../src/disclosure/register/types.ts';

const page = (over: Partial<DocumentPage>): DocumentPage => ({ url: 'http://127.0.0.1/a.html', title: '', date: '2026-03-10', docNo: null, interpretation: false, links: [], ...over });
const row = (over: Partial<RegisterRow>): RegisterRow => ({ line: 2, docNo: '', title: '', date: '2026-03-02', attribute: '主动公开', office: '法规处', normative: false, interpretationRef: null, ...over });
/** What siteLook says of a capped crawl (src/checks/site-look.ts). */
const CAPPED = '页面数量达到上限 crawl.maxPages=10，有 5 个页面未检查';
const options = (over: Partial<ReconcileOptions> = {}): ReconcileOptions => ({ calendar: loadCalendar(), limitWorkingDays: 20, interpretationWorkingDays: 3, maxSearches: 10, incompleteLook: () => null, searcher: null, noSearchReason: '未联网查询', ...over });

describe('文号 and title matching', () => {
  it('normalises the bracket, space and 第 variants of one 文号', () => {
    const forms = ['甘环发〔2026〕12号', '甘环发[2026]12号', '甘环发（2026）第12号', '甘环发 (2026) 012 号', '甘环发【2026】12号', '甘环发［２０２６］１２号'];
    expect(new Set(forms.map(normaliseDocNo))).toEqual(new Set(['甘环发〔2026〕12号']));
    expect(normaliseDocNo('甘环发〔2026〕121号')).not.toBe(normaliseDocNo('甘环发〔2026〕12号'));
  });

  it('reads the page’s own 文号, never one it cites', () => {
    expect(docNoOnPage(load('<table><tr><td>文　　号：</td><td>甘环发[2026]118号</td></tr></table>'))).toBe('甘环发[2026]118号');
    expect(docNoOnPage(load('<div class="doc"><p style="text-align:center">甘环规〔2026〕1号</p><p>各市州：</p></div>'))).toBe('甘环规〔2026〕1号');
    expect(docNoOnPage(load('<p>根据《检查指标》（国办秘函〔2019〕19号）要求，现通知如下。</p>'))).toBeNull();
  });

  it('matches by 文号 first, then by title, then by the 《…》 part; an interpretation is never the document', () => {
    const pages = [
      page({ url: 'u1', title: '《示例办法》政策解读', interpretation: true }),
      page({ url: 'u2', title: '示例办法' }),
      page({ url: 'u3', title: '另一份文件', docNo: '甘环发（2026）第7号' }),
    ];
    expect(findPage(row({ docNo: '甘环发〔2026〕7号', title: '关于印发《示例办法》的通知' }), pages)).toMatchObject({ page: { url: 'u3' }, via: 'docNo' });
    expect(findPage(row({ docNo: '', title: '关于印发《示例办法》的通知' }), pages)).toMatchObject({ page: { url: 'u2' }, via: 'book-title' });
    expect(findPage(row({ title: '另一份 文件' }), pages)).toMatchObject({ page: { url: 'u3' }, via: 'title' });
  });

  it('reads header variants in any order and the 公开属性 wordings', () => {
    expect(mapHeaders(['序号', '解读文号', '发文字号', '文件名称', '印发时间', '信息公开属性', '承办处室', '是否为规范性文件'])).toEqual({ interpretationRef: 1, docNo: 2, title: 3, date: 4, attribute: 5, office: 6, normative: 7 });
    expect(['主动公开', '依申请公开', '不予公开', '不公开', '免予公开', '待定'].map(parseAttribute)).toEqual(['主动公开', '依申请公开', '不予公开', '不予公开', '不予公开', null]);
  });
});

describe('verdicts without a usable search', () => {
  const missingRow = row({ docNo: '甘环发〔2026〕99号', title: '关于某项工作的通知' });

  it('a complete crawl without the document: 未公开; a capped crawl: 无法核实', async () => {
    const complete = await reconcile([missingRow], [], [], null, options());
    expect(complete.entries[0].status).toBe('missing');
    const capped = await reconcile([missingRow], [], [], null, options({ incompleteLook: () => CAPPED }));
    expect(capped.entries[0]).toMatchObject({ status: 'unverifiable' });
    expect(capped.entries[0].reason).toContain('未联网查询');
    expect(capped.entries[0].reason).toContain(CAPPED);
  });

  it('a search that fails makes the rest 无法核实, and the search stops at its cap', async () => {
    let asked = 0;
    const failing = await reconcile([missingRow, { ...missingRow, docNo: '甘环发〔2026〕98号' }], [], [], null, options({ incompleteLook: () => CAPPED, searcher: async () => (asked++, { ok: false, reason: '搜索页返回 HTTP 500' }) }));
    expect(failing.entries.map((e) => e.status)).toEqual(['unverifiable', 'unverifiable']);
    expect(asked).toBe(1);
    expect(failing.search.unusable).toBe('搜索页返回 HTTP 500');
    const rows = Array.from({ length: 5 }, (_, i) => ({ ...missingRow, docNo: `甘环发〔2026〕${i + 1}号` }));
    const capped = await reconcile(rows, [], [], null, options({ maxSearches: 3, searcher: async () => ({ ok: true, pages: [] }) }));
    expect(capped.search).toMatchObject({ queries: 3, capped: true });
  });

  it('says so when dates fall past the holiday data', async () => {
    const r = await reconcile([row({ docNo: '甘环发〔2027〕1号', date: '2027-03-01' })], [page({ docNo: '甘环发〔2027〕1号', date: '2027-03-05' })], [], null, options());
    expect(r.entries[0]).toMatchObject({ status: 'on-time', workingDays: 4 });
    expect(r.calendarNote).toMatch(/2027 年.*周一至周五/);
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'cheerio';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegisterArtifact, RegisterEntry } from '../../src/disclosure/register/types.ts';
import { scanFixture, type FixtureScan, type FixtureSites } from '../helpers/fixture-scan.ts';
import { REGISTER_FILES, startRegisterSite } from '../helpers/register-site.ts';

const REGISTERS = REGISTER_FILES;

function byDocNo(register: RegisterArtifact): Record<string, RegisterEntry> {
  return Object.fromEntries(register.entries.map((e) => [e.docNo, e]));
}

/** status, where found and how, working days: the whole verdict of each row. */
const EXPECTED: Record<string, [RegisterEntry['status'], string | null, RegisterEntry['via'], number | null]> = {
  '甘环发〔2026〕101号': ['on-time', '/xxgk/zcwj/202603/t20260310_2001.html', 'docNo', 6],
  // 春节 2/15–2/23 off, Saturdays 2/14 and 2/28 worked: 18 working days (Monday–Friday would say 22).
  '甘环函〔2026〕15号': ['on-time', '/xxgk/zcwj/202603/t20260303_2002.html', 'docNo', 18],
  // Across 中秋 and 国庆 with working Sunday 9/20 and Saturday 10/10: exactly the limit.
  '甘环发〔2026〕118号': ['on-time', '/xxgk/zcwj/202610/t20261019_2003.html', 'docNo', 20],
  // GBK page, 文号 printed 甘环发（2026）第120号.
  '甘环发〔2026〕120号': ['late', '/xxgk/zcwj/202610/t20261020_2004.html', 'docNo', 22],
  '甘环发〔2026〕130号': ['missing', null, null, null],
  '甘环办发〔2026〕45号': ['on-time', '/xxgk/zcwj/202606/t20260612_2005.html', 'title', 5],
  '甘环发〔2026〕88号': ['on-time', '/xxgk/zcwj/202604/t20260415_2006.html', 'book-title', 9],
  // Not linked anywhere: only the site search finds it.
  '甘环发〔2026〕140号': ['on-time', '/xxgk/zcwj/202611/t20261105_2007.html', 'docNo', 5],
  '甘环函〔2026〕60号': ['not-proactive', null, null, null],
  '甘环发〔2026〕150号': ['wrongly-disclosed', '/xxgk/zcwj/202607/t20260710_2008.html', 'docNo', null],
  '甘环办函〔2026〕70号': ['not-proactive', null, null, null],
  '甘环规〔2026〕1号': ['on-time', '/xxgk/gfxwj/202605/t20260508_2009.html', 'docNo', 2],
  '甘环规〔2026〕2号': ['on-time', '/xxgk/gfxwj/202606/t20260603_2010.html', 'docNo', 2],
  '甘环发〔2026〕160号': ['manual', null, null, null],
};

function expectVerdicts(register: RegisterArtifact, sites: FixtureSites): void {
  const rows = byDocNo(register);
  expect(Object.keys(rows).sort()).toEqual(Object.keys(EXPECTED).sort());
  for (const [docNo, [status, url, via, workingDays]] of Object.entries(EXPECTED)) {
    const e = rows[docNo];
    expect({ docNo, status: e.status, url: e.url && e.url.replace(sites.site.origin, ''), via: e.via, workingDays: e.workingDays }).toEqual({ docNo, status, url, via, workingDays });
  }
  expect(rows['甘环发〔2026〕140号'].source).toBe('search');
  expect(rows['甘环发〔2026〕101号'].source).toBe('crawl');
  expect(rows['甘环发〔2026〕160号'].candidate?.url.replace(sites.site.origin, '')).toBe('/xxgk/zcwj/202608/t20260820_2011.html');
  expect(rows['甘环规〔2026〕1号'].interpretation).toMatchObject({ ok: true, linked: true, workingDays: 0 });
  expect(rows['甘环规〔2026〕2号'].interpretation).toMatchObject({ ok: false, url: null });
  expect(register.unreadable).toEqual([{ line: 16, reason: '成文日期「待定」无法识别' }]);
  expect(register.calendarNote).toBeNull();
}

/** Scans the register site with `register` configured, once per describe block. */
function scanWithRegister(register: string): { scan: FixtureScan; sites: FixtureSites } {
  const state = {} as { scan: FixtureScan; sites: FixtureSites };
  beforeAll(async () => {
    state.sites = await startRegisterSite();
    state.scan = await scanFixture({
      sites: state.sites,
      asOf: '2026-11-28',
      config: () => ({ newMedia: [], browser: { enabled: false }, disclosure: { register: path.join(REGISTERS, register) } }),
    });
  }, 120_000);
  afterAll(async () => {
    await state.scan?.cleanup();
    await state.sites?.stop();
  });
  return state;
}

describe('document register reconciled with a TRS-like site (XLSX register)', () => {
  const run = scanWithRegister('register.xlsx');

  it('gives every row exactly its status, page, match and working days', () => {
    expectVerdicts(run.scan.artifacts.register as RegisterArtifact, run.sites);
  });

  it('counts the site-search requests in stats.requests', () => {
    const register = run.scan.artifacts.register as RegisterArtifact;
    // The site-identity check sends one search of its own (the search probe).
    const probe = (run.scan.artifacts.siteIdentity as { search: { tried: boolean } }).search.tried ? 1 : 0;
    const searches = run.sites.site.log.filter((r) => r.url.startsWith('/was5/web/search')).length;
    expect(register.search.queries).toBe(searches - probe);
    expect(searches).toBeGreaterThan(0);
    expect(register.search.queries).toBeLessThanOrEqual(40);
    expect(run.scan.findings.stats.requests).toBe(run.sites.site.log.length + run.sites.external.log.length);
  });

  it('writes the register section of findings.json, one entry per row', () => {
    const section = run.scan.findings.register!;
    expect(section).toHaveLength(14);
    const late = section.find((e) => e.docNo === '甘环发〔2026〕120号')!;
    expect(late).toMatchObject({ title: '关于加强入河排污口监督管理的通知', attribute: '主动公开', status: 'late', publishedDate: '2026-10-20', workingDays: 22, office: '水生态环境处' });
  });

  it('findings.json with the register section validates against findings.schema.json', () => {
    const schema = JSON.parse(readFileSync(new URL('../../config/schema/findings.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    validate(JSON.parse(readFileSync(path.join(run.scan.scanDir, 'findings.json'), 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(validate({ ...run.scan.findings, register: [{ ...run.scan.findings.register![0], status: '已公开' }] })).toBe(false);
  });

  it('routes findings to the drafting office, under the register indicators', () => {
    const reg = run.scan.findings.findings.filter((f) => f.check.startsWith('register-'));
    const summary = reg.map((f) => `${f.indicator} ${f.office} ${f.title}`).sort();
    expect(summary).toEqual([
      'deduct.register-late 水生态环境处 主动公开文件超期公开：甘环发〔2026〕120号 《关于加强入河排污口监督管理的通知》',
      'deduct.register-missing 土壤处 主动公开文件未上网：甘环发〔2026〕130号 《关于印发《示例省土壤污染防治条例实施细则》的通知》',
      'manual.register-review 环评处 文件台账需人工核对：甘环发〔2026〕160号 《关于进一步加强建设项目环境影响评价管理的通知》',
      'manual.register-wrong-disclosure 人事处 不予公开文件已上网：甘环发〔2026〕150号 《关于2026年度内部考核结果的通报》',
    ]);
    expect(reg.every((f) => f.points === 0)).toBe(true);
  });

  it('counts a 规范性文件 without 解读 once, with the interpretation check, for the drafting office', () => {
    const url = `${run.sites.site.origin}/xxgk/gfxwj/202606/t20260603_2010.html`;
    const same = run.scan.findings.findings.filter((f) => f.url === url && /解读/.test(f.title));
    expect(same).toHaveLength(1);
    expect(same[0]).toMatchObject({ indicator: 'deduct.interpretation-missing', office: '法规处', key: `interp:missing:${url}` });
  });

  it('shows the per-office table in the report', async () => {
    const html = await readFile(path.join(run.scan.scanDir, 'report.html'), 'utf8');
    const $ = load(html);
    const table = $('#register table').first();
    expect(table.length).toBe(1);
    const row = table.find('tr').filter((_, tr) => $(tr).find('td').first().text().trim() === '执法局');
    expect(row.find('td').toArray().map((td) => $(td).text().trim())).toEqual(['执法局', '2', '2', '0', '0', '0']);
  });
});

describe('GBK CSV register: same verdicts', () => {
  const run = scanWithRegister('register-gbk.csv');

  it('reads the GBK file with other header names and gives the same statuses', () => {
    expectVerdicts(run.scan.artifacts.register as RegisterArtifact, run.sites);
  });
});

/**
 * Without the site search, a row the crawl did not find is 未上网 only when the crawl could
 * have seen it (the shared absence rule, src/checks/site-look.ts): a page that could not be
 * read in a column where the site's documents are makes it 无法核实; an unread page
 * outside them, reached by a link that names no document, changes nothing.
 */
describe('register rows missing from a crawl without site search', () => {
  const MISSING = '甘环发〔2026〕130号';
  const verdicts: Record<string, { status: string; reason: string; unread: number }> = {};
  const variants: Record<string, string[]> = {
    complete: [],
    // The 信息公开 front page: the homepage links its columns too, and its link names no document.
    unrelated: ['/xxgk/', '/xxgk/index.html'],
    // A document page in the 政策文件 column the other documents are in.
    inSection: ['/xxgk/zcwj/202610/t20261019_2003.html'],
  };

  beforeAll(async () => {
    for (const [name, failing] of Object.entries(variants)) {
      const sites = await startRegisterSite(failing);
      const scan = await scanFixture({
        sites,
        asOf: '2026-11-28',
        config: () => ({ newMedia: [], browser: { enabled: false }, disclosure: { register: path.join(REGISTERS, 'register.xlsx'), search: { enabled: false } } }),
      });
      try {
        const entry = byDocNo(scan.artifacts.register as RegisterArtifact)[MISSING];
        verdicts[name] = { status: entry.status, reason: entry.reason, unread: (scan.artifacts.crawl as { unread?: { pages: number } }).unread?.pages ?? 0 };
      } finally {
        await scan.cleanup();
        await sites.stop();
      }
    }
  }, 240_000);

  it('a complete crawl: 未上网', () => {
    expect(verdicts.complete).toMatchObject({ status: 'missing', unread: 0 });
    expect(verdicts.complete.reason).toContain('全站已抓取完整');
  });

  it('an unread page outside the documents columns: still 未上网', () => {
    expect(verdicts.unrelated.unread).toBeGreaterThan(0);
    expect(verdicts.unrelated, verdicts.unrelated.reason).toMatchObject({ status: 'missing' });
  });

  it('an unread page in the documents column: 无法核实, naming the page', () => {
    expect(verdicts.inSection.status).toBe('unverifiable');
    expect(verdicts.inSection.reason).toContain('/xxgk/zcwj/202610/t20261019_2003.html');
    expect(verdicts.inSection.reason).toContain('503');
  });
});

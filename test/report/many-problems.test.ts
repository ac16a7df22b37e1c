import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.ts';
import type { ReportContext } from '../../src/report/context.ts';
import { buildFindingsJson } from '../../src/report/findings-json.ts';
import { renderNoticesHtml, renderReportHtml } from '../../src/report/reporters/html.ts';
import { renderTemplate } from '../../src/report/render.ts';
import { reportView } from '../../src/report/view.ts';
import { score } from '../../src/score/score.ts';
import type { Finding } from '../../src/types.ts';
import { linksIndicatorTable } from '../helpers/report-table.ts';

const ORIGIN = 'http://127.0.0.1:40123';

function brokenLink(office: string, n: number, indicator = 'deduct.links-broken'): Finding {
  const page = `${ORIGIN}/col${n % 7}/art/t20260${(n % 9) + 1}01_${n}.html`;
  return { indicator, severity: 'deduct', points: indicator === 'deduct.links-broken' ? 0.1 : 1, title: `链接不可用：/removed/doc-${n}.html`, url: page, office, evidence: 'HTTP 404', screenshot: null, check: 'links-broken', fingerprint: `${office === '信息中心' ? 'a' : 'b'}${String(n).padStart(15, '0')}`, status: null, firstSeen: '2026-11-20', triage: null, count: 1 };
}

/** A scan of a site with many broken links: 信息中心 has 31 problems (30 of one indicator), 行政审批处 20. */
function context(formats: string[]): ReportContext {
  const config = validateConfig({ site: { name: '示例市水务局', url: `${ORIGIN}/`, office: '信息中心' }, newMedia: [], report: { formats } }, '测试');
  const table = linksIndicatorTable();
  const findings = [
    brokenLink('信息中心', 0, 'deduct.links-broken-homepage'),
    ...Array.from({ length: 30 }, (_, i) => brokenLink('信息中心', i + 1)),
    ...Array.from({ length: 20 }, (_, i) => brokenLink('行政审批处', i + 100)),
  ];
  const results = [{ id: 'links-broken', title: '存在不可用链接', status: 'fail' as const, findings: [] }];
  const findingsJson = buildFindingsJson({ config, scanId: 'scan-2026q4', asOf: '2026-11-20', crawl: null, results, findings, score: score(findings, table) });
  findingsJson.brokenLinks = findings.map((f) => ({ source: f.url!, target: `${ORIGIN}${f.title.replace('链接不可用：', '')}`, status: 404, error: null }));
  return { scanDir: '/tmp/not-written', findings: findingsJson, results, config, artifacts: {}, history: null, trend: [], table, tables: [table], notes: [] };
}

/** Each notice: its office, the intro paragraph, and its rows as [序号, first line of 问题及证据]. */
function notices(html: string) {
  const $ = cheerio.load(html);
  return $('section.notice')
    .map((_, el) => ({
      office: $(el).find('p strong').first().text(),
      intro: $(el).find('p').eq(2).text().replace(/\s+/g, ' '),
      rows: $(el)
        .find('tbody tr')
        .map((__, tr) => [[$(tr).find('td').eq(0).text(), $(tr).find('td').eq(1).find('strong').text()]])
        .get() as [string, string][],
      restText: $(el).find('tr.rest').text().replace(/\s+/g, ' '),
    }))
    .get();
}

describe('a notice with many problems of one indicator', () => {
  it('lists the first 10 and one row for the rest, answered in the ledger; numbering ends at the office\'s count', () => {
    const [info, approval] = notices(renderNoticesHtml(context(['html', 'json', 'xlsx'])));
    expect(info.office).toBe('信息中心');
    expect(info.intro).toContain('以下 31 项问题需要整改');
    expect(info.intro).toContain('同一指标问题超过 20 项的，下表列出前 10 项，其余各项的页面和证据见整改台账（ledger.xlsx）');
    expect(info.rows).toHaveLength(12);
    expect(info.rows[0]).toEqual(['1', '链接不可用：/removed/doc-0.html']);
    expect(info.rows.slice(1, 11).map((r) => r[1])).toEqual(Array.from({ length: 10 }, (_, i) => `链接不可用：/removed/doc-${i + 1}.html`));
    expect(info.rows[11]).toEqual(['12–31', '另有同类问题 20 项']);
    expect(info.restText).toContain('指标：其他页面链接不可用（扣分）');
    expect(info.restText).toContain('整改台账（ledger.xlsx，按“指标”筛选）');
    expect(info.restText).toContain('按期整改');
    expect(info.restText).toMatch(/2026-12-\d\d/);

    // Clean: 20 problems of one indicator are all listed, numbered 1–20, with no note.
    expect(approval.office).toBe('行政审批处');
    expect(approval.rows.map((r) => r[0])).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
    expect(approval.intro).not.toContain('同一指标问题超过');
    expect(approval.restText).toBe('');
  });

  it('lists every problem when the scan writes no ledger to send the office to', () => {
    const [info] = notices(renderNoticesHtml(context(['html', 'json'])));
    expect(info.rows.map((r) => r[0])).toEqual(Array.from({ length: 31 }, (_, i) => String(i + 1)));
    expect(info.intro).not.toContain('整改台账');
    // A CSV ledger is a ledger too.
    const [withCsv] = notices(renderNoticesHtml(context(['html', 'csv'])));
    expect(withCsv.rows.at(-1)).toEqual(['12–31', '另有同类问题 20 项']);
    expect(withCsv.restText).toContain('整改台账（ledger.csv');
  });
});

describe('the printed report of a site with many broken links', () => {
  /** 附件3's rows: [target, printed?] (print hides .screen-only), and its print-only note. */
  function linkAppendix(html: string) {
    const $ = cheerio.load(html);
    return {
      rows: $('section.links tbody tr').map((_, tr) => [[$(tr).find('td').first().text(), !$(tr).hasClass('screen-only')]]).get() as [string, boolean][],
      note: $('section.links p.print-only').text(),
    };
  }

  it('prints the first 60 broken links and says where the rest are; the web page keeps all', () => {
    const ctx = context(['html', 'json', 'xlsx']);
    ctx.findings.brokenLinks = Array.from({ length: 75 }, (_, i) => ({ source: `${ORIGIN}/col1/art/t20260101_${i}.html`, target: `${ORIGIN}/removed/doc-${i}.html`, status: 404, error: null }));
    const { rows, note } = linkAppendix(renderReportHtml(ctx));
    expect(rows).toHaveLength(75);
    expect(rows.filter(([, printed]) => printed)).toHaveLength(60);
    expect(rows.slice(0, 60).every(([, printed]) => printed)).toBe(true);
    expect(note).toBe('打印件列出前 60 条，其余 15 条见网页版报告（report.html）本附件和整改台账（ledger.xlsx）。');
  });

  it('prints every link, with no note, up to 60 of them', () => {
    const { rows, note } = linkAppendix(renderReportHtml(context(['html', 'json', 'xlsx'])));
    expect(rows).toHaveLength(51);
    expect(rows.every(([, printed]) => printed)).toBe(true);
    expect(note).toBe('');
  });
});

describe('the CI job summary of a site with many problems', () => {
  /** summary.md's table rows of one office's <details>. */
  function officeRows(md: string, office: string): string[] {
    const block = md.slice(md.indexOf(`<summary>${office}`), md.indexOf('</details>', md.indexOf(`<summary>${office}`)));
    return block.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| 类别') && !line.startsWith('| ---'));
  }

  it('lists the first 10 of a long indicator and one row for the rest; 20 stay listed', () => {
    const md = renderTemplate('summary.md', reportView(context(['html', 'json', 'xlsx'])));
    const info = officeRows(md, '信息中心');
    expect(info).toHaveLength(12);
    expect(info[11]).toBe('| 扣分 | 其他页面链接不可用 | 另有同类问题 20 项，见整改台账（ledger.xlsx） | |');
    expect(md).toContain('<summary>信息中心（31 项）</summary>');
    // Clean: 20 problems of one indicator are all listed.
    expect(officeRows(md, '行政审批处')).toHaveLength(20);
    expect(officeRows(md, '行政审批处').join('\n')).not.toContain('另有同类问题');
  });
});


import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.ts';
import type { ReportContext } from '../../src/report/context.ts';
import { buildFindingsJson } from '../../src/report/findings-json.ts';
import { renderNoticesHtml, renderReportHtml } from '../../src/report/reporters/html.ts';
import { renderTemplate } from '../../src/report/render.ts';
import { reportView } from '../../src/report/view.ts';
import { ledgerRows } from '../../src/report/ledger.ts';
import { score } from '../../src/score/score.ts';
import type { CheckResult, Finding } from '../../src/types.ts';
import { linksIndicatorTable } from '../helpers/report-table.ts';

const ORIGIN = 'http://127.0.0.1:40123';

function f(over: Partial<Finding> & Pick<Finding, 'indicator' | 'severity' | 'title' | 'fingerprint'>): Finding {
  return { points: 0, url: `${ORIGIN}/`, office: '信息中心', evidence: 'HTTP 404', screenshot: null, check: 'links-broken', status: 'persisting', firstSeen: '2026-08-20', triage: null, count: 1, ...over };
}

/** A hand-made scan: known findings, a previous quarter, a triage decision, two skipped checks. */
async function context(): Promise<ReportContext> {
  const config = validateConfig({ site: { name: '示例市水务局', url: `${ORIGIN}/`, office: '信息中心' }, newMedia: [] }, '测试');
  const table = linksIndicatorTable();
  const findings: Finding[] = [
    f({ indicator: 'deduct.links-broken-homepage', severity: 'deduct', points: 1, title: '首页链接不可用：「取水许可办事指南」<script>alert(1)</script>', url: `${ORIGIN}/`, fingerprint: 'aaaa000000000001' }),
    f({ indicator: 'deduct.links-broken-homepage', severity: 'deduct', points: 1, title: '首页图片不可用：/images/logo-2019.png', fingerprint: 'aaaa000000000002', triage: { decision: 'accepted', reason: '新版标识设计中', by: '办公室 张三', expires: '2027-03-31' } }),
    f({ indicator: 'deduct.links-broken', severity: 'deduct', points: 0.3, count: 3, title: '链接不可用：/bsfw/online-booking.html', url: `${ORIGIN}/bsfw/`, office: '行政审批处', fingerprint: 'aaaa000000000003', status: 'new', firstSeen: '2026-11-20' }),
    f({ indicator: 'warn.links-unverifiable', severity: 'warn', title: '链接无法自动核验：http://127.0.0.2/protected.html', fingerprint: 'aaaa000000000004', status: 'new', firstSeen: '2026-11-20' }),
  ];
  const results: CheckResult[] = [
    { id: 'links-broken', title: '存在不可用链接', status: 'fail', findings: [] },
    { id: 'accessibility', title: '无障碍', status: 'skipped', findings: [], reason: '已通过 --no-browser 关闭浏览器检查' },
  ];
  const scoreCard = score(findings, table);
  const findingsJson = buildFindingsJson({ config, scanId: 'scan-2026q4', asOf: '2026-11-20', crawl: null, results, findings, score: scoreCard });
  const fixed = f({ indicator: 'deduct.links-broken-homepage', severity: 'deduct', points: 1, title: '首页链接不可用：「全市河湖长制工作推进会召开」', fingerprint: 'aaaa000000000009', status: null });
  return {
    scanDir: '/tmp/not-written',
    findings: findingsJson,
    results,
    config,
    artifacts: {
      crawl: { homepageUrl: `${ORIGIN}/`, homepage: { status: 200, error: null, finalUrl: `${ORIGIN}/`, title: null }, pagesCrawled: 12, requests: 30, durationMs: 900, startedAt: '', robotsDisallowed: 2, limitSkipped: { maxPages: 0, maxDepth: 0 }, fetchers: { http: 12, browser: 0 }, partial: false },
      links: { checked: 40, occurrences: 90, ok: 36, broken: [], blocked: [], robotsSkipped: 0, homepageUrl: `${ORIGIN}/` },
    },
    history: {
      previous: { scanId: 'scan-2026q3', asOf: '2026-08-20', quarter: '2026Q3', total: 96, verdict: 'qualified' },
      fixed: [fixed],
      previousProblems: [{ finding: fixed, state: 'fixed', reason: '复查未再发现' }],
      counts: { new: 2, persisting: 2, regressed: 0, fixed: 1, escalated: 0, notApplicable: 0, unchecked: 0, pendingReview: 0, accepted: 1, falsePositive: 0 },
      expiredTriage: [],
    },
    trend: [
      { quarter: '2026Q2', asOf: '2026-05-20', scanId: 'scan-2026q2', total: 88, verdict: 'qualified' },
      { quarter: '2026Q3', asOf: '2026-08-20', scanId: 'scan-2026q3', total: 96, verdict: 'qualified' },
      { quarter: '2026Q4', asOf: '2026-11-20', scanId: 'scan-2026q4', total: scoreCard.total, verdict: scoreCard.verdict },
    ],
    table,
    notes: [],
  };
}

/** Visible text of a section, whitespace collapsed: what a reader sees, stable across CSS changes. */
function text(html: string, selector: string): string {
  const $ = cheerio.load(html);
  return $(selector)
    .map((_, el) => $(el).text().replace(/\s+/g, ' ').trim())
    .get()
    .join('\n');
}

describe('report rendering (snapshots of hand-made data)', () => {
  it('scores the hand-made findings as expected: 1 + 1 + 0.3 = 2.3 deducted', async () => {
    const ctx = await context();
    expect(ctx.findings.score).toMatchObject({ total: 97.7, deducted: 2.3, verdict: 'qualified' });
  });

  it('report.html: summary, trend, rectification, findings, coverage, checklist', async () => {
    const ctx = await context();
    const report = renderReportHtml(ctx);
    // Scraped text is escaped, never markup.
    expect(report).not.toContain('<script>alert(1)</script>');
    expect(report).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text(report, 'h1')).toBe('示例市水务局 2026年第四季度政府网站检查报告');
    for (const section of ['summary', 'office-summary', 'trend', 'rectification', 'findings', 'coverage', 'manual-review']) {
      expect(text(report, `section.${section}`)).toMatchSnapshot(section);
    }
    expect(cheerio.load(report)('section.trend svg polyline').attr('points')).toMatchSnapshot('trend-points');
  });

  it('notices.html: one notice per office with deadline and 复核 column', async () => {
    const ctx = await context();
    const notices = renderNoticesHtml(ctx);
    expect(text(notices, 'section.notice')).toMatchSnapshot();
  });

  it('summary.md for CI job pages', async () => {
    const ctx = await context();
    expect(renderTemplate('summary.md', reportView(ctx))).toMatchSnapshot();
  });

  it('ledger rows', async () => {
    expect(ledgerRows(await context())).toMatchSnapshot();
  });
});

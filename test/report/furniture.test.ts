import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.ts';
import type { ReportContext } from '../../src/report/context.ts';
import { furnitureOf } from '../../src/report/view.ts';

/** The 检查时间段 of reports and notices: when the scan ran, in China time, and the day judged when that differs. */
function ctxOf(asOf: string, startedAt: string, finishedAt: string): ReportContext {
  const config = validateConfig({ site: { name: '示例省生态环境厅', url: 'http://sthjt.example.gov.cn/' } }, '测试配置');
  const findings = { asOf, site: { name: '示例省生态环境厅', url: 'http://sthjt.example.gov.cn/' }, stats: { pagesCrawled: 10, requests: 12, durationMs: 1000 }, columns: [], newMedia: [] };
  return { scanDir: '/tmp', findings, results: [], config, artifacts: {}, scan: { startedAt, finishedAt } } as unknown as ReportContext;
}

describe('检查时间段', () => {
  it('is the scan’s own time in China time when it ran on the day judged', () => {
    expect(furnitureOf(ctxOf('2026-11-30', '2026-11-30T01:20:00.000Z', '2026-11-30T01:21:30.000Z'))).toMatchObject({ period: '2026-11-30 09:20 至 2026-11-30 09:21', judgedOn: null });
  });

  it('gives the day judged, for the notices, when the scan was judged as of another day (--as-of, the demo)', () => {
    expect(furnitureOf(ctxOf('2026-11-28', '2026-11-30T01:20:00.000Z', '2026-11-30T01:21:30.000Z'))).toMatchObject({ period: '2026-11-30 09:20 至 2026-11-30 09:21', judgedOn: '2026-11-28' });
  });
});

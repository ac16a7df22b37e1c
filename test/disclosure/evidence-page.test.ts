import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisclosureArtifact } from '../../src/disclosure/types.ts';
import { scanFixture, type ConfigPatch, type FixtureScan } from '../helpers/fixture-scan.ts';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/evidence-site');

const config = (): ConfigPatch => ({
  site: { name: '示例市生态环境局', url: 'http://placeholder.invalid/' },
  newMedia: [],
  report: { formats: ['json'] },
  browser: { enabled: false, loopbackOnly: true },
});

/**
 * 已公开 needs a page that is the item's own: a news report of a training class that
 * mentions 饮用水水源地水质 (by its title, or linked under that name from the 信息公开
 * directory) is not it. Clean variant: the real column page is found, and its title is the
 * evidence the report shows.
 */
describe('disclosure evidence rests on a page that names the item', () => {
  let newsOnly: FixtureScan;
  let clean: FixtureScan;
  let cleanRoot: string;

  beforeAll(async () => {
    const withUrl = (scanConfig: () => ConfigPatch) => (sites: { site: { origin: string } }) => ({ ...scanConfig(), site: { name: '示例市生态环境局', url: `${sites.site.origin}/` } });
    newsOnly = await scanFixture({ root: FIXTURE, asOf: '2026-11-20', config: withUrl(config) });
    cleanRoot = await mkdtemp(path.join(os.tmpdir(), 'gi-evidence-clean-'));
    await cp(FIXTURE, cleanRoot, { recursive: true });
    await mkdir(path.join(cleanRoot, 'xxgk/yysy'), { recursive: true });
    await writeFile(
      path.join(cleanRoot, 'xxgk/yysy/index.html'),
      '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>饮用水水源地水质_示例市生态环境局</title><meta name="ColumnName" content="饮用水水源地水质"></head><body><div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; 饮用水水源地水质</div><div class="list"><h2>饮用水水源地水质</h2><ul><li><a href="/xxgk/yysy/">2026年第三季度集中式饮用水水源地水质状况</a><span>2026-10-20</span></li></ul></div></body></html>',
    );
    const directory = path.join(cleanRoot, 'xxgk/index.html');
    await writeFile(directory, (await readFile(directory, 'utf8')).replace('/xwzx/gzdt/202610/t20261015_7001.html', '/xxgk/yysy/'));
    clean = await scanFixture({ root: cleanRoot, asOf: '2026-11-20', config: withUrl(config) });
  }, 180_000);

  afterAll(async () => {
    await newsOnly?.cleanup();
    await clean?.cleanup();
    await rm(cleanRoot, { recursive: true, force: true });
  });

  const drinkingWater = (scan: FixtureScan) => scan.findings.requiredItems.find((r) => r.id === 'drinking-water')!;

  it('counts an item evidenced only by a news article mentioning it as 未公开', () => {
    expect(drinkingWater(newsOnly)).toMatchObject({ found: false, url: null });
    expect(newsOnly.findings.findings.some((f) => f.indicator === 'deduct.required-item-missing' && f.title.includes('饮用水水源地水质'))).toBe(true);
    // The directory link named the item, but led to the news report: listed as not counted, with the reason.
    const rejected = (newsOnly.artifacts.disclosure as DisclosureArtifact).rejected.filter((r) => r.item === 'drinking-water');
    expect(rejected.map((r) => r.reason)).toEqual([expect.stringContaining('新闻报道')]);
  });

  it('finds the real item page in the clean variant and carries its title as evidence', () => {
    const row = drinkingWater(clean);
    expect(row).toMatchObject({ found: true, evidenceTitle: '饮用水水源地水质' });
    expect(row.url).toMatch(/\/xxgk\/yysy\/$/);
    expect(clean.findings.findings.some((f) => f.indicator === 'deduct.required-item-missing' && f.title.includes('饮用水水源地水质'))).toBe(false);
  });
});

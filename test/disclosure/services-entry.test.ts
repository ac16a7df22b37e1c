import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../src/demo/fixture-server.ts';
import type { FindingsJson } from '../../src/report/findings-json.ts';
import { govPage, hardeningConfig, scanSite, sendHtml, startExternal, startSite, type HardeningScan } from '../helpers/hardening-site.ts';

/**
 * A 办事服务 column whose guides live elsewhere (the province's 政务服务网) is common: the
 * scan found the entry but read no guide, so it checked nothing about guides. That is for a
 * person to check, never a pass; a guide read with every element is the clean variant.
 */
const GUIDE = govPage(
  '排污许可证核发办事指南_测试省生态环境厅',
  `<h1>排污许可证核发办事指南</h1><table>${['事项名称', '设定依据', '申请条件', '办理材料', '办理地点', '办理机构', '收费标准', '办理时间', '联系电话', '办理流程'].map((e) => `<tr><th>${e}</th><td>${e}的内容，详见有关规定。</td></tr>`).join('')}</table>`,
);

async function scanServices(withGuide: boolean): Promise<{ json: FindingsJson; scan: HardeningScan; stop(): Promise<void> }> {
  const external = await startExternal();
  const entry = withGuide ? '<li><a href="/bsfw/pwxk.html">排污许可证核发办事指南</a></li>' : `<li><a href="${external.origin}/zwfw/">测试省政务服务网</a></li>`;
  const site: FixtureServer = await startSite({
    '/': (_req, res) => sendHtml(res, govPage('测试省生态环境厅', '<ul class="nav"><li><a href="/bsfw/">办事服务</a></li></ul>')),
    '/bsfw/': (_req, res) => sendHtml(res, govPage('办事服务_测试省生态环境厅', `<div class="crumb">首页 &gt; 办事服务</div><h2>办事服务</h2><ul>${entry}</ul>`)),
    '/bsfw/pwxk.html': (_req, res) => sendHtml(res, GUIDE),
  });
  const scan = await scanSite(hardeningConfig(`${site.origin}/`, external.origin));
  return {
    json: scan.outcome.findings,
    scan,
    async stop() {
      await Promise.all([site.stop(), external.stop()]);
      await rm(scan.dir, { recursive: true, force: true });
    },
  };
}

describe('办事服务 found, its guides not read', () => {
  let elsewhere: Awaited<ReturnType<typeof scanServices>>;
  let clean: Awaited<ReturnType<typeof scanServices>>;
  beforeAll(async () => {
    elsewhere = await scanServices(false);
    clean = await scanServices(true);
  });
  afterAll(() => Promise.all([elsewhere?.stop(), clean?.stop()]));
  const servicesCheck = (json: FindingsJson) => json.checks.find((c) => c.id === 'services')!;

  it('is 需人工核查 with the entry named, not a pass and not a veto', () => {
    expect(servicesCheck(elsewhere.json)).toMatchObject({ status: 'manual', title: '办事服务' });
    expect(servicesCheck(elsewhere.json).reason).toMatch(/^找到办事服务入口 1 个，未读到办事指南.*需人工核查：http:\/\/127\.0\.0\.1:\d+\/bsfw\/$/);
    expect(elsewhere.json.findings.filter((f) => f.check === 'services')).toEqual([]);
  });

  it('the report says so in the 办事服务 appendix and puts it on the checklist', async () => {
    const html = await readFile(path.join(elsewhere.scan.outcome.scanDir, 'report.html'), 'utf8');
    expect(html).toMatch(/找到办事服务入口 1 个，未读到办事指南[^<]*<span class="url">http:\/\/127\.0\.0\.1:\d+\/bsfw\/<\/span>/);
    expect(html).toMatch(/<td[^>]*>办事服务<\/td><td[^>]*>找到办事服务入口 1 个/);
  });

  it('clean: a complete guide read is a pass', () => {
    expect(servicesCheck(clean.json)).toMatchObject({ status: 'pass', reason: '办事指南 1 份，要素齐全 1 份' });
    expect(clean.json.findings.filter((f) => f.check === 'services')).toEqual([]);
  });
});

/** The same small sites have no column list at all: that is nothing checked, not every column current. */
describe('no column recognised', () => {
  let site: Awaited<ReturnType<typeof scanServices>>;
  beforeAll(async () => {
    site = await scanServices(true);
  });
  afterAll(() => site?.stop());

  it('the column check is 需人工核查, not a pass', () => {
    const check = site.json.checks.find((c) => c.id === 'column-freshness')!;
    expect(check).toMatchObject({ status: 'manual', title: '栏目更新情况' });
    expect(check.reason).toMatch(/^未识别出任何栏目（栏目列表页未能读取，或其版式无法自动识别），栏目更新情况需人工核查/);
  });
});

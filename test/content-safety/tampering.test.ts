import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentSafetyArtifact } from '../../src/content-safety/types.ts';
import { MemoryScanStore } from '../../src/store/lowdb-store.ts';
import { localPath, scanFixture, startFixtureSites, type FixtureScan, type FixtureSites } from '../helpers/fixture-scan.ts';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/safety-site');

/**
 * Three scans of a copy of the safety site sharing one store: unchanged, then with the
 * homepage hijacked (title, keywords and text replaced, an outside script and a frame added).
 */
describe('homepage tampering between scans', () => {
  let root: string;
  let storeDir: string;
  let sites: FixtureSites;
  let store: MemoryScanStore;
  let first: FixtureScan;
  let same: FixtureScan;
  let hijacked: FixtureScan;
  const scan = () => scanFixture({ sites, store, config: (s) => ({ site: { name: '示例市生态环境局', url: `${s.site.origin}/` }, browser: { enabled: false } }) });

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'safety-site-'));
    await cp(FIXTURE, root, { recursive: true });
    sites = await startFixtureSites(root);
    // The store writes its own pages (an overview index.html): keep it out of the site folder.
    storeDir = await mkdtemp(path.join(os.tmpdir(), 'safety-store-'));
    store = new MemoryScanStore(storeDir);
    first = await scan();
    same = await scan();
    const home = path.join(root, 'index.html');
    const html = (await readFile(home, 'utf8'))
      .replace('<title>首页_示例市生态环境局</title>', '<title>澳门新葡京娱乐场-首页</title><script src="{{EXTERNAL}}/spam/counter.js"></script>')
      .replace('content="生态环境,环境监测,污染防治"', 'content="百家乐,真人荷官,体育投注"')
      .replace(/<div id="main">[\s\S]*?<\/div>\n<div class="links">/, '<div id="main"><h2>网站维护中</h2><p>本站正在升级，请稍后访问。</p><iframe src="{{EXTERNAL}}/spam/frame.html" width="0" height="0"></iframe></div>\n<div class="links">');
    await writeFile(home, html);
    hijacked = await scan();
  }, 300_000);
  afterAll(async () => {
    await sites?.stop();
    await rm(root, { recursive: true, force: true });
    await rm(storeDir, { recursive: true, force: true });
  });

  it('records a fingerprint on the first scan and finds nothing to review', () => {
    const cs = first.artifacts.contentSafety as ContentSafetyArtifact;
    expect(cs.tamper.current?.title).toBe('首页_示例市生态环境局');
    expect(cs.tamper.previous).toBeNull();
    expect(first.findings.checks.find((c) => c.id === 'tampering')?.status).toBe('na');
  });

  it('passes an unchanged homepage', () => {
    const check = same.findings.checks.find((c) => c.id === 'tampering');
    expect(check?.status).toBe('pass');
    expect(check?.reason).toMatch(/首页文字相似度 100%/);
  });

  it('reports a hijacked homepage: text, title, keywords, outside script and frame', () => {
    const tamper = hijacked.findings.findings.filter((f) => f.check === 'tampering');
    expect(tamper.map((f) => localPath(f.title, hijacked.sites)).sort()).toEqual([
      '首页内容大幅变化，请确认是否为正常改版',
      '首页关键词（meta keywords）发生变化',
      '首页新增内嵌框架（iframe）：EXT/spam/frame.html',
      '首页新增外部脚本：EXT/spam/counter.js',
      '首页标题发生变化',
    ].sort());
    expect(tamper.every((f) => f.indicator === 'warn.content-tamper')).toBe(true);
    expect(tamper.find((f) => f.title === '首页标题发生变化')?.evidence).toMatch(/^标题「首页_示例市生态环境局」→「澳门新葡京娱乐场-首页」/);
    expect(hijacked.findings.contentSafety.filter((r) => r.kind === 'tamper')).toHaveLength(5);
    // The gambling title is also a sensitive word in a page title: that is the veto.
    const title = hijacked.findings.findings.find((f) => f.check === 'wrong-expressions' && f.title.includes('澳门新葡京'));
    expect(title).toMatchObject({ indicator: 'veto.serious-error' });
    expect(title?.evidence).toMatch(/^页面标题出现「澳门新葡京」/);
  });
});

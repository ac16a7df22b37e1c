import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { readableText } from '../../src/content-safety/page-text.ts';
import { findHiddenLinks } from '../../src/content-safety/static-hidden.ts';

const SITE = 'http://sthjj.example.gov.cn';
const EXT = 'http://other.example';
const internal = (url: string) => new URL(url).host === 'sthjj.example.gov.cn';

async function fixture(file: string) {
  const html = (await readFile(path.resolve('test/fixtures/safety-site', file), 'utf8')).replaceAll('{{EXTERNAL}}', EXT);
  return findHiddenLinks(load(html), `${SITE}/${file}`, internal);
}

describe('hidden links from static HTML and CSS', () => {
  it.each([
    ['hidden/display-none.html', `${EXT}/spam/casino.html`, '所在元素 div 设置了 display:none'],
    ['hidden/visibility.html', `${EXT}/spam/adult.html`, '所在元素 span 设置了 visibility:hidden'],
    ['hidden/offscreen.html', `${EXT}/spam/casino.html?from=3`, '所在元素 div 定位到页面之外（left:-9999px）'],
    ['hidden/zero-size.html', `${EXT}/spam/lottery.html?from=4`, '所在元素 div 尺寸为 0 且溢出隐藏（height:0; overflow:hidden）'],
    ['hidden/font-zero.html', `${EXT}/spam/casino.html?from=5`, '所在元素 p 字号为 0（font-size:0）'],
    ['hidden/same-colour.html', `${EXT}/spam/adult.html?from=6`, '文字颜色与背景色相同（#ffffff）'],
    ['hidden/style-rule.html', `${EXT}/spam/casino.html?from=7`, '所在元素 div.yqlj 设置了 display:none'],
    ['hidden/not-spam.html', `${EXT}/members.html`, '所在元素 div 设置了 display:none'],
  ])('%s: the link and the reason', async (file, href, reason) => {
    const found = await fixture(file);
    expect(found.map((f) => f.href)).toEqual([href]);
    expect(found[0].reasons).toContain(reason);
    expect(found[0].scripted).toBe(false);
  });

  it('decodes links written by document.write(unescape(...))', async () => {
    const [found] = await fixture('hidden/script.html');
    expect(found).toMatchObject({ href: `${EXT}/spam/lottery.html?from=8`, text: '幸运飞艇', scripted: true });
    expect(found.reasons).toEqual(['由页面脚本（document.write / innerHTML）写入，HTML 源码中看不到', '写入的内容带有 display:none']);
  });

  it('does not flag visible outside links, hidden menus of the site\'s own pages, or skip links', async () => {
    expect(await fixture('index.html')).toEqual([]);
    const html = `<style>.sub{display:none}.nav li:hover .sub{display:block}</style>
      <a class="skip" style="position:absolute;left:-9999px" href="/#main">跳到主要内容</a>
      <ul class="nav"><li><a href="/xwzx/">新闻</a><ul class="sub"><li><a href="${SITE}/xwzx/gzdt/">工作动态</a></li></ul></li></ul>
      <p style="color:#fff;background:#c00"><a href="${EXT}/gov/">示例省人民政府</a></p>
      <a href="${EXT}/x" style="color:#333">正常外链</a>`;
    expect(findHiddenLinks(load(html), `${SITE}/`, internal)).toEqual([]);
  });

  it('cannot see what only linked CSS or an outside script hides (the browser pass covers it)', async () => {
    expect(await fixture('hidden/external-css.html')).toEqual([]);
    expect(await fixture('hidden/external-script.html')).toEqual([]);
  });
});

describe('readableText', () => {
  it('leaves scripts and styles out and keeps table cells apart', () => {
    const $ = load('<body><style>p{}</style><table><tr><td>张三</td><td>620102198001011239</td></tr></table><script>var a="不可见";</script><p>正文</p></body>');
    expect(readableText($)).toBe('张三 620102198001011239\n正文');
  });
});

import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { looksBinary } from '../../src/crawl/parse-page.ts';

const PAGE = '<!DOCTYPE html><html><head><title>通知公告_测试省生态环境厅</title></head><body>\r\n\t<ul><li><a href="/t20261118_1.html">关于开展2026年度执法检查的通知</a><span>[11-18]</span></li></ul>\f</body></html>'.repeat(8);

describe('binary served as text/html', () => {
  it('is recognised without a NUL byte (random bytes hold none in about one case in fifty)', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = randomBytes(64 * 1024);
      for (let j = 0; j < bytes.length; j++) if (bytes[j] === 0) bytes[j] = 1;
      expect(looksBinary(bytes)).toBe(true);
    }
  });

  it('is recognised by a NUL byte', () => {
    expect(looksBinary(Buffer.concat([Buffer.from('<html>'), Buffer.from([0]), Buffer.from('</html>')]))).toBe(true);
  });

  it('clean: UTF-8, GBK and a page with a few stray control bytes from a CMS editor are text', () => {
    expect(looksBinary(Buffer.from(PAGE, 'utf8'))).toBe(false);
    expect(looksBinary(iconv.encode(PAGE, 'gbk'))).toBe(false);
    const stray = PAGE.replace('执法检查', '执法\u0008检查\u001a').replace('通知公告', '通知\u0002公告');
    expect(looksBinary(Buffer.from(stray, 'utf8'))).toBe(false);
  });
});

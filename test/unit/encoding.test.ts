import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeHtml, normalizeCharset } from '../../src/crawl/encoding.ts';

const TEXT = '<html><head><title>甘肃省生态环境厅</title></head><body>政府信息公开</body></html>';
const gbk = (s: string) => iconv.encode(s, 'gbk');

describe('decodeHtml', () => {
  it('uses the Content-Type charset first', () => {
    expect(decodeHtml(gbk(TEXT), 'text/html; charset=GBK')).toEqual({ text: TEXT, charset: 'gb18030' });
  });
  it('then <meta charset>', () => {
    const html = TEXT.replace('<head>', '<head><meta charset="gb2312">');
    expect(decodeHtml(gbk(html), 'text/html').text).toBe(html);
  });
  it('then <meta http-equiv="Content-Type">', () => {
    const html = TEXT.replace('<head>', '<head><meta http-equiv="Content-Type" content="text/html; charset=gbk">');
    expect(decodeHtml(gbk(html), undefined).charset).toBe('gb18030');
  });
  it('sniffs an unlabelled GBK page', () => {
    expect(decodeHtml(gbk(TEXT), 'text/html')).toEqual({ text: TEXT, charset: 'gb18030' });
  });
  it('keeps unlabelled UTF-8 as UTF-8', () => {
    expect(decodeHtml(Buffer.from(TEXT), 'text/html')).toEqual({ text: TEXT, charset: 'utf-8' });
  });
  it('corrects a page that claims UTF-8 but is GBK', () => {
    expect(decodeHtml(gbk(TEXT), 'text/html; charset=utf-8').text).toBe(TEXT);
  });
  it('decodes characters outside GBK that GB18030 has', () => {
    const rare = '𠀀'; // CJK Extension B, four bytes in GB18030
    expect(decodeHtml(iconv.encode(`<p>${rare}</p>`, 'gb18030'), 'text/html; charset=gb18030').text).toBe(`<p>${rare}</p>`);
  });
  it('strips a UTF-8 byte order mark', () => {
    expect(decodeHtml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), 'text/html').text).toBe(TEXT);
  });
});

describe('normalizeCharset', () => {
  it('maps the GB family to gb18030 and rejects unknown names', () => {
    expect(normalizeCharset('GB2312')).toBe('gb18030');
    expect(normalizeCharset('"gbk"')).toBe('gb18030');
    expect(normalizeCharset('UTF8')).toBe('utf-8');
    expect(normalizeCharset('x-klingon')).toBeNull();
  });
});

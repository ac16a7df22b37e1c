import { describe, expect, it } from 'vitest';
import { SiteScope, isAttachment, mayBeHtml, normalizeUrl } from '../../src/crawl/url.ts';

describe('normalizeUrl', () => {
  it('resolves relative links against the page', () => {
    expect(normalizeUrl('../tzgg/index_1.html', 'http://a.gov.cn/xxgk/zcwj/index.html')).toBe('http://a.gov.cn/xxgk/tzgg/index_1.html');
  });
  it('lower-cases the host, drops default ports and fragments', () => {
    expect(normalizeUrl('HTTP://Sthjt.GANSU.gov.cn:80/a.html#top')).toBe('http://sthjt.gansu.gov.cn/a.html');
    expect(normalizeUrl('https://a.gov.cn:443/')).toBe('https://a.gov.cn/');
  });
  it('keeps a non-default port', () => {
    expect(normalizeUrl('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080/x');
  });
  it('sorts query parameters and strips session ids', () => {
    expect(normalizeUrl('/s?b=2&a=1&jsessionid=XYZ', 'http://a.gov.cn/')).toBe('http://a.gov.cn/s?a=1&b=2');
    expect(normalizeUrl('/art/x.jsp;jsessionid=ABC123?id=5', 'http://a.gov.cn/')).toBe('http://a.gov.cn/art/x.jsp?id=5');
  });
  it('returns null for things that are not links to check', () => {
    for (const href of ['mailto:a@b.cn', 'tel:12369', 'javascript:void(0)', 'JavaScript:;', '#top', '', '   ', 'data:image/png;base64,xx']) {
      expect(normalizeUrl(href, 'http://a.gov.cn/')).toBeNull();
    }
  });
  it('returns null for malformed URLs instead of throwing', () => {
    expect(normalizeUrl('http://[bad', 'http://a.gov.cn/')).toBeNull();
  });
  it('trims whitespace and line breaks inside hrefs, as browsers do', () => {
    expect(normalizeUrl(' /a\n.html ', 'http://a.gov.cn/')).toBe('http://a.gov.cn/a.html');
  });
});

describe('resource types', () => {
  it('knows attachments', () => {
    for (const u of ['http://a/x.pdf', 'http://a/x.DOCX', 'http://a/x.wps', 'http://a/y.rar', 'http://a/z.xls?v=1']) expect(isAttachment(u)).toBe(true);
    expect(isAttachment('http://a/x.html')).toBe(false);
  });
  it('treats extension-less and .html/.jsp/.shtml URLs as possible pages, images and attachments not', () => {
    expect(mayBeHtml('http://a/col/col12/index.html')).toBe(true);
    expect(mayBeHtml('http://a/module/web/jpage/dataproxy.jsp')).toBe(true);
    expect(mayBeHtml('http://a/xxgk/')).toBe(true);
    expect(mayBeHtml('http://a/img/logo.png')).toBe(false);
    expect(mayBeHtml('http://a/f/plan.pdf')).toBe(false);
  });
});

describe('SiteScope', () => {
  const scope = new SiteScope('http://127.0.0.1:8080/', ['xxgk.example.gov.cn'], [], ['/search/']);
  it('includes the homepage host with its port and extra hosts', () => {
    expect(scope.isInternal('http://127.0.0.1:8080/a.html')).toBe(true);
    expect(scope.isInternal('http://127.0.0.1:9090/a.html')).toBe(false);
    expect(scope.isInternal('https://xxgk.example.gov.cn/x')).toBe(true);
  });
  it('excludes by pattern but still counts excluded URLs as internal', () => {
    expect(scope.isCrawlable('http://127.0.0.1:8080/search/q')).toBe(false);
    expect(scope.isInternal('http://127.0.0.1:8080/search/q')).toBe(true);
  });
});

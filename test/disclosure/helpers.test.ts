import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { expectedEdition } from '../../checks/required-items.ts';
import { coreName } from '../../checks/interpretation.ts';
import { readMessageTables, nextPageLinks } from '../../src/disclosure/messages.ts';
import { findDate } from '../../src/disclosure/page-facts.ts';

describe('yearly edition due', () => {
  it("wants last year's report once 31 January has passed, the year before until then", () => {
    expect(expectedEdition('2026-11-28', { year: 'previous', due: '01-31' })).toBe(2025);
    expect(expectedEdition('2026-01-31', { year: 'previous', due: '01-31' })).toBe(2024);
    expect(expectedEdition('2026-02-01', { year: 'previous', due: '01-31' })).toBe(2025);
    expect(expectedEdition('2026-03-01', { year: 'current', due: '03-31' })).toBe(2025);
    expect(expectedEdition('2026-04-01', { year: 'current', due: '03-31' })).toBe(2026);
  });
});

describe('policy document names', () => {
  it('takes the 《书名》 or strips the 关于…的通知 frame', () => {
    expect(coreName('示例省生态环境厅关于印发《示例省生态环境行政处罚裁量基准》的通知')).toBe('示例省生态环境行政处罚裁量基准');
    expect(coreName('示例省生态环境厅关于进一步优化环评审批服务的通知')).toBe('进一步优化环评审批服务');
  });
});

describe('dates in Chinese pages', () => {
  it('reads the common forms and rejects impossible days', () => {
    expect(findDate('2026年3月2日')).toBe('2026-03-02');
    expect(findDate('２０２６/０３/０２')).toBe('2026-03-02');
    expect(findDate('2026.3.2 10:00')).toBe('2026-03-02');
    expect(findDate('2026-02-30')).toBeNull();
    expect(findDate('无')).toBeNull();
  });
});

describe('message tables', () => {
  const html = `<table><tr><th>状态</th><th>主题</th><th>来信时间</th></tr>
    <tr><td>已办结</td><td><a href="d1.html">问题一</a></td><td>2026-05-01</td></tr>
    <tr><td>待回复</td><td>问题二</td><td>2026-06-01</td></tr>
    <tr><td>—</td><td>问题三</td><td>2026-07-01</td></tr></table>
    <table><tr><th>日期</th><th>标题</th></tr><tr><td>2026-01-01</td><td>不是留言</td></tr></table>
    <a href="index_1.html">下一页</a><a href="/other/index_1.html">下一页</a>`;
  it('maps columns by their header in any order, and reads the status', () => {
    const $ = load(html);
    const msgs = readMessageTables($, 'http://x.test/hd/index.html');
    expect(msgs.map((m) => [m.title, m.askedDate, m.answered, m.url])).toEqual([
      ['问题一', '2026-05-01', true, 'http://x.test/hd/d1.html'],
      ['问题二', '2026-06-01', false, 'http://x.test/hd/index.html'],
      ['问题三', '2026-07-01', null, 'http://x.test/hd/index.html'],
    ]);
  });
  it('follows 下一页 only within the same list folder', () => {
    expect(nextPageLinks(load(html), 'http://x.test/hd/index.html')).toEqual(['http://x.test/hd/index_1.html']);
  });
});

import { describe, expect, it } from 'vitest';
import { labelCells } from '../../src/report/label-cells.ts';

describe('labelCells', () => {
  it('labels body cells with their header, honours colspan and leaves the rest byte for byte', () => {
    const html = '<p>前言 &amp; 说明</p><svg><line x1="0"/></svg><table class="wide"><thead><tr><th>组</th></tr><tr><th>问题 &amp; 原因</th><th>证据</th><th>处室</th></tr></thead>'
      + '<tbody><tr><td colspan="2">合并</td><td>办公室</td></tr><tr><th scope="row">甲</th><td data-label="自定">乙</td><td>丙</td></tr></tbody></table>';
    const out = labelCells(html);
    expect(out).toBe('<p>前言 &amp; 说明</p><svg><line x1="0"/></svg><table class="cards wide"><thead><tr><th>组</th></tr><tr><th>问题 &amp; 原因</th><th>证据</th><th>处室</th></tr></thead>'
      + '<tbody><tr><td colspan="2" data-label="问题 &amp; 原因">合并</td><td data-label="处室">办公室</td></tr><tr><th scope="row" data-label="问题 &amp; 原因">甲</th><td data-label="自定">乙</td><td data-label="处室">丙</td></tr></tbody></table>');
  });

  it('keeps a nested table to its own headers, and a table without a header row as it is', () => {
    const html = '<table><thead><tr><th>外</th><th>内表</th></tr></thead><tbody><tr><td>1</td><td><table><thead><tr><th>内</th></tr></thead><tbody><tr><td>2</td></tr></tbody></table></td></tr></tbody></table>'
      + '<table><tbody><tr><td>无表头</td></tr></tbody></table>';
    const out = labelCells(html);
    expect(out).toContain('<td data-label="外">1</td><td data-label="内表"><table class="cards"><thead><tr><th>内</th></tr></thead><tbody><tr><td data-label="内">2</td>');
    expect(out).toContain('<table><tbody><tr><td>无表头</td></tr></tbody></table>');
    expect(out.startsWith('<table class="cards">')).toBe(true);
  });

  it('treats rows straight under <table> as body rows', () => {
    expect(labelCells('<table><thead><tr><th>名称</th></tr></thead><tr><td>甲</td></tr></table>')).toBe('<table class="cards"><thead><tr><th>名称</th></tr></thead><tr><td data-label="名称">甲</td></tr></table>');
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerDate, readLedgerAnswers } from '../../src/report/ledger-import.ts';
import { hostKey, sameSite, siteAliases, siteUrlKey } from '../../src/report/annual/site-key.ts';

let dir: string;
beforeAll(async () => void (dir = await mkdtemp(path.join(os.tmpdir(), 'gov-inspector-ledger-'))));
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function xlsx(name: string, header: string[], rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('整改台账');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

describe('reading a filled-in ledger (triage --import)', () => {
  it('finds columns by header in any order and reads Excel dates, text dates and empty cells', async () => {
    const file = await xlsx('reordered.xlsx', ['联系人', '整改状态', '问题编号', '备注', '完成日期', '整改措施'], [
      ['张敏', '已整改', 'fp1', '自加的列', new Date('2026-03-30T00:00:00Z'), '已删除链接'],
      ['', '整改中', 'fp2', '', '', ''],
      ['李华', '已复核', 'fp3', '', '2026年4月2日', '已更新'],
      ['', '', '', '空行', '', ''],
    ]);
    expect(await readLedgerAnswers(file)).toEqual([
      { row: 2, fingerprint: 'fp1', state: '已整改', measures: '已删除链接', completedDate: '2026-03-30', contact: '张敏' },
      { row: 3, fingerprint: 'fp2', state: '整改中', measures: null, completedDate: null, contact: null },
      { row: 4, fingerprint: 'fp3', state: '已复核', measures: '已更新', completedDate: '2026-04-02', contact: '李华' },
    ]);
  });

  it('names the row and the value of a bad state or date', async () => {
    const bad = await xlsx('bad-state.xlsx', ['问题编号', '整改状态'], [['fp1', '已完成']]);
    await expect(readLedgerAnswers(bad)).rejects.toThrow('整改台账第 2 行“整改状态”的值 "已完成" 无效：可选 未整改、整改中、已整改、已复核');
    const badDate = await xlsx('bad-date.xlsx', ['问题编号', '整改状态', '完成日期'], [['fp1', '已整改', '下周']]);
    await expect(readLedgerAnswers(badDate)).rejects.toThrow('整改台账第 2 行“完成日期”的值 "下周" 无效');
    const noColumn = await xlsx('no-column.xlsx', ['序号', '整改状态'], [[1, '已整改']]);
    await expect(readLedgerAnswers(noColumn)).rejects.toThrow('缺少“问题编号”列');
    await expect(readLedgerAnswers(path.join(dir, 'ledger.txt'))).rejects.toThrow('应为 .xlsx 或 .csv');
  });

  it('reads the CSV ledger as written (UTF-8 with BOM)', async () => {
    const file = path.join(dir, 'ledger.csv');
    await writeFile(file, '\uFEFF序号,问题编号,责任处室,整改状态,整改措施,完成日期,联系人\n1,fp9,办公室,已整改,已修复,2026/4/1,王五\n');
    expect(await readLedgerAnswers(file)).toEqual([{ row: 2, fingerprint: 'fp9', state: '已整改', measures: '已修复', completedDate: '2026-04-01', contact: '王五' }]);
  });

  it('accepts the date forms offices type', () => {
    expect(['2026-3-5', '2026/03/05', '2026.3.5', '2026年3月5日'].map(ledgerDate)).toEqual(['2026-03-05', '2026-03-05', '2026-03-05', '2026-03-05']);
    expect(ledgerDate('2026-02-30')).toBeNull();
  });
});

describe('one site across a move (report --year)', () => {
  it('folds scheme, www. and the default port, keeps another port', () => {
    expect(hostKey('http://www.sthjt.example.gov.cn/')).toBe('sthjt.example.gov.cn');
    expect(hostKey('https://sthjt.example.gov.cn:443/index.html')).toBe('sthjt.example.gov.cn');
    expect(hostKey('http://127.0.0.1:8080/')).toBe('127.0.0.1:8080');
  });

  it('matches a scan of an old host listed in site.previousUrls, and keys its URLs by path', () => {
    const aliases = siteAliases({ name: '厅', url: 'https://sthjt.new.gov.cn/', previousUrls: ['http://www.sthjt.old.gov.cn/'] });
    expect(sameSite(aliases, { name: '厅', url: 'http://sthjt.old.gov.cn/' })).toBe(true);
    expect(sameSite(aliases, { name: '厅', url: 'http://sthjt.new.gov.cn/' })).toBe(true);
    expect(sameSite(aliases, { name: '别的', url: 'https://other.gov.cn/' })).toBe(false);
    expect(siteUrlKey('http://www.sthjt.old.gov.cn/xwzx/index.html', aliases)).toBe(siteUrlKey('https://sthjt.new.gov.cn/xwzx/', aliases));
    // A site id wins over hosts.
    expect(sameSite(siteAliases({ name: '厅', url: 'https://a.gov.cn/', id: 'sthjt' }), { name: '厅', url: 'https://b.gov.cn/', id: 'sthjt' })).toBe(true);
  });
});

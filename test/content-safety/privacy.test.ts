import { describe, expect, it } from 'vitest';
import { findPrivacyLeaks, idCheckCode, isValidIdNumber, maskIdNumber } from '../../src/content-safety/privacy.ts';

describe('resident ID numbers (GB 11643)', () => {
  it('computes the check character, X included', () => {
    expect(idCheckCode('11010519491231002')).toBe('X');
    expect(idCheckCode('62010219800101123')).toBe('9');
  });

  it('accepts only a known region, a real birth date not after the scan, and the right check code', () => {
    expect(isValidIdNumber('620102198001011239', '2026-11-28')).toBe(true);
    expect(isValidIdNumber('11010519491231002x', '2026-11-28')).toBe(true);
    expect(isValidIdNumber('620102198001011238', '2026-11-28')).toBe(false); // check code
    expect(isValidIdNumber('620102198002301238', '2026-11-28')).toBe(false); // 30 February
    expect(isValidIdNumber('990102198001011232', '2026-11-28')).toBe(false); // region 99
    expect(isValidIdNumber('620102203001011232', '2026-11-28')).toBe(false); // born in 2030
  });

  it('masks birth date and sequence', () => {
    expect(maskIdNumber('620102198001011239')).toBe('6201**********1239');
  });
});

describe('findPrivacyLeaks', () => {
  const text = [
    '张三 620102198001011239 13912345678',
    '王五，身份证号码：11010519491231002x，现任站长。',
    '校验位错误 620102198001011238；项目编号 6201021980010112391；已脱敏 6201**********1239；139****5678',
    '订单号 16612345678901，座机 0931-6666666，手机 138-0013-8000。',
  ].join('\n');
  const hits = findPrivacyLeaks(text, { asOf: '2026-11-28' });

  it('finds valid ID numbers and mobile numbers, not random or longer digit runs', () => {
    expect(hits.map((h) => [h.type, h.masked])).toEqual([
      ['id-number', '6201**********1239'],
      ['mobile', '139****5678'],
      ['id-number', '1101**********002X'],
      ['mobile', '138****8000'],
    ]);
  });

  it('never lets a full number into the evidence', () => {
    const all = JSON.stringify(hits);
    for (const raw of ['620102198001011239', '11010519491231002', '13912345678', '13800138000', '0013-8000']) expect(all).not.toContain(raw);
    expect(hits[0].context).toBe('张三 6201**********1239 139****5678');
  });

  it('can leave mobiles out', () => {
    expect(findPrivacyLeaks(text, { asOf: '2026-11-28', mobiles: false }).map((h) => h.type)).toEqual(['id-number', 'id-number']);
  });
});

import { describe, expect, it } from 'vitest';
import { newScanId } from '../../src/scan/scan-meta.ts';

describe('scan ids (the scan folder names)', () => {
  const at = new Date('2026-11-30T06:04:05.123Z');

  it('name the site by its host, port included', () => {
    expect(newScanId('http://127.0.0.1:39339/', at)).toBe('127.0.0.1_39339-20261130-060405');
  });

  it('name it by a configured site.id, so a site on a changing port (the demo) keeps one name', () => {
    expect(newScanId('http://127.0.0.1:39339/', at, 'sthjt.example.gov.cn')).toBe('sthjt.example.gov.cn-20261130-060405');
  });
});

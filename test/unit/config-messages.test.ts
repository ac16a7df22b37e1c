import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/load.ts';

/** Bad configs are one readable sentence: the field, the value as given (truncated), never raw bytes. */
describe('config messages', () => {
  let dir: string;
  const site = 'site:\n  name: 测试省生态环境厅\n  url: http://127.0.0.1:1/\n';
  const message = async (name: string, content: string | Buffer) => {
    const file = path.join(dir, name);
    await writeFile(file, content);
    return loadConfigFile(file).then(
      () => 'accepted',
      (e: Error) => e.message,
    );
  };
  beforeAll(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'gi-config-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('a 0 where at least 1 is needed reads 应大于 0, not 不能小于 0', async () => {
    const m = await message('zero.yaml', `${site}crawl:\n  maxPages: 0\n`);
    expect(m).toContain('crawl.maxPages 的值 0 无效：应大于 0');
  });

  it('a 400-digit number is shown as written (truncated), not as null', async () => {
    const m = await message('huge.yaml', `${site}crawl:\n  maxPages: ${'9'.repeat(400)}\n`);
    expect(m).toContain('9'.repeat(80));
    expect(m).toContain('共 400 个字符');
    expect(m).not.toContain('null');
    expect(m.length).toBeLessThan(300);
  });

  it('a binary file is named as such, without echoing its bytes', async () => {
    const m = await message('binary.yaml', randomBytes(9800));
    expect(m).toContain('不是 UTF-8 文本');
    expect(m.length).toBeLessThan(200);
  });

  it('a very long value is refused with the field, its length and the limit', async () => {
    const m = await message('long.yaml', `site:\n  name: ${'长'.repeat(100_000)}\n  url: http://127.0.0.1:1/\n`);
    expect(m).toMatch(/字段 site\.name 的值 .{1,100}…（共 100002 个字符） 过长（100000 个字符，上限 2048）/);
    expect(m.length).toBeLessThan(400);
  });

  it('a config file of megabytes is refused before parsing', async () => {
    const m = await message('huge-file.yaml', `site:\n  name: ${'长'.repeat(1_000_000)}\n  url: http://127.0.0.1:1/\n`);
    expect(m).toMatch(/过大（\d+ 字节，上限 1048576 字节）/);
  });

  it('control characters in a bad value are escaped, not printed raw', async () => {
    const m = await message('ctrl.yaml', `${site}crawl:\n  userAgent: 1\n  robots: "yes\\u0007\\u001b[31m"\n`);
    expect(m).not.toMatch(/[\u0000-\u001f]/);
  });
});

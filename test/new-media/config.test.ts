import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.ts';

const site = { name: '示例省生态环境厅', url: 'http://127.0.0.1:8080/' };

describe('new-media account config', () => {
  it('accepts one source and fills the defaults', () => {
    const config = validateConfig({ site, newMedia: [{ name: '示例生态环境', platform: 'wechat', feed: 'http://127.0.0.1:8080/feeds/wechat.xml' }] });
    expect(config.newMedia[0]).toMatchObject({ office: '宣教处', staleDays: 14, warnDays: 10, windows: [14, 30, 90], checkLinks: true });
  });

  it('the contract example still validates', () => {
    expect(() => validateConfig({ site, newMedia: [{ name: '示例生态环境', platform: 'wechat', feed: 'http://127.0.0.1:8080/feeds/wechat.xml' }] })).not.toThrow();
  });

  it('names the missing source', () => {
    expect(() => validateConfig({ site, newMedia: [{ name: '示例微博', platform: 'weibo' }] })).toThrow(/账号「示例微博」缺少内容来源：请填写 feed（订阅源网址）、page（账号页面网址）或 export/);
  });

  it('refuses two sources at once', () => {
    expect(() => validateConfig({ site, newMedia: [{ name: '示例微博', platform: 'weibo', feed: 'http://127.0.0.1/a.xml', export: 'posts.csv' }] })).toThrow(/只能有一个内容来源，现同时填写了 feed、export/);
  });

  it('takes environment variable names, not secret values', () => {
    expect(() => validateConfig({ site, newMedia: [{ name: 'a', platform: 'weibo', feed: 'http://127.0.0.1/a.xml', cookieEnv: 'SUB=abc; SUBP=def' }] })).toThrow(/应为环境变量名/);
  });

  it('rejects misspelt keys and unknown platforms', () => {
    expect(() => validateConfig({ site, newMedia: [{ name: 'a', platform: 'weibo', feeds: 'http://127.0.0.1/a.xml' }] })).toThrow(/未知字段 newMedia\.0\.feeds/);
    expect(() => validateConfig({ site, newMedia: [{ name: 'a', platform: 'kuaishou', feed: 'http://127.0.0.1/a.xml' }] })).toThrow(/newMedia\.0\.platform/);
  });

  it('wants the warning before the veto', () => {
    expect(() => validateConfig({ site, newMedia: [{ name: 'a', platform: 'weibo', feed: 'http://127.0.0.1/a.xml', warnDays: 14 }] })).toThrow(/预警天数应小于否决天数/);
  });
});

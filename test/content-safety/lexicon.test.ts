import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileLexicon, matchLexicon } from '../../src/content-safety/lexicon.ts';
import { domainWordsIn, loadLexicon, type LoadedLexicon } from '../../src/content-safety/load-lexicon.ts';

const DEFAULTS = ['wrong-expressions', 'sensitive-words', 'allow-list'];

describe('default 错敏词 lexicon', () => {
  let loaded: LoadedLexicon;
  beforeAll(async () => {
    loaded = await loadLexicon(DEFAULTS, process.cwd());
  });
  const terms = (text: string) => matchLexicon(text, loaded.lexicon).map((h) => h.term);

  it('finds serious wrong forms of the country name, leaders\' titles and names', () => {
    const hits = matchLexicon('根据中华人民共合国宪法，国务院付总理出席会议。', loaded.lexicon);
    expect(hits.map((h) => [h.term, h.entry.level, h.entry.correct])).toEqual([
      ['中华人民共合国', 'serious', '中华人民共和国'],
      ['付总理', 'serious', '副总理'],
    ]);
    expect(terms('习进平总书纪')).toEqual(['习进平', '总书纪']);
  });

  it('leaves the correct forms alone (near misses)', () => {
    expect(terms('中华人民共和国国务院副总理、全国人民代表大会常务委员会副委员长、习近平总书记')).toEqual([]);
    expect(terms('党的二十大精神；十九届三中全会；党的第十九次全国代表大会')).toEqual([]);
  });

  it('flags 党代会 numbers in Arabic digits only in a congress context', () => {
    expect(terms('学习贯彻党的19大精神')).toEqual(['党的19大']);
    expect(terms('认真学习20大报告')).toEqual(['20大']);
    expect(terms('19届4中全会')).toEqual(['19届4中全会']);
    expect(terms('2019大会圆满结束，推进20大类项目，16大产业集群')).toEqual([]);
  });

  it('treats renamed bodies as review items, exempting the 原… form', () => {
    const [hit] = matchLexicon('按照环境保护部要求', loaded.lexicon);
    expect([hit.term, hit.entry.level, hit.entry.correct]).toEqual(['环境保护部', 'review', '生态环境部']);
    expect(terms('原环境保护部印发的文件继续有效')).toEqual([]);
  });

  it('finds gambling and porn words, but not inside allow phrases', () => {
    expect(terms('澳门新葡京真人荷官百家乐，开户送彩金')).toEqual(['澳门新葡京', '真人荷官', '百家乐', '开户送彩金']);
    expect(terms('严厉打击六合彩等违法犯罪活动')).toEqual([]);
    expect(terms('香港六合彩开奖结果')).toEqual(['香港六合彩']);
    expect(terms('六合彩开奖')).toEqual(['六合彩']);
  });

  it('matches full-width and upper-case forms, and keeps the page\'s own punctuation in the evidence', () => {
    expect(terms('北京赛车ＰＫ１０官网')).toEqual(['北京赛车ＰＫ１０']);
    const [hit] = matchLexicon('第一句。各科室：为学习党的19大精神，现通知如下。下一句', loaded.lexicon);
    expect(hit.context).toBe('各科室：为学习党的19大精神，现通知如下');
  });

  it('marks spam domains by distinctive host words only', () => {
    expect(domainWordsIn('www.best-casino888.example', loaded.domainWords)).toEqual(['casino']);
    expect(domainWordsIn('www.essex.gov.uk', loaded.domainWords)).toEqual([]);
  });
});

describe('user lexicons', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lexicon-'));
    await writeFile(path.join(dir, 'local.yaml'), 'entries:\n  - { term: 示例省环保厅, correct: 示例省生态环境厅, kind: wrong-expression, level: general }\nallow:\n  - 原示例省环保厅\n');
    await writeFile(path.join(dir, 'bad.yaml'), 'entries:\n  - { term: x, kind: wrong-expression, level: fatal }\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('extends the defaults with a file relative to the config folder', async () => {
    const loaded = await loadLexicon([...DEFAULTS, 'local.yaml'], dir);
    expect(matchLexicon('示例省环保厅和中华人民共合国', loaded.lexicon).map((h) => h.term)).toEqual(['示例省环保厅', '中华人民共合国']);
    expect(matchLexicon('原示例省环保厅', loaded.lexicon)).toEqual([]);
    expect(loaded.sources).toContain(path.join(dir, 'local.yaml'));
  });

  it('rejects a bad file or a missing one with a sentence naming it', async () => {
    await expect(loadLexicon(['bad.yaml'], dir)).rejects.toThrow(/bad\.yaml：字段 entries\.0\.level 无效/);
    await expect(loadLexicon(['nope.yaml'], dir)).rejects.toThrow('找不到错敏词库：nope.yaml');
    expect(() => compileLexicon([{ pattern: '(', kind: 'sensitive-word', level: 'review' }])).toThrow(/正则表达式无效/);
  });
});

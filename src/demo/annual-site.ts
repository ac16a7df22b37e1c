import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { addDays } from '../dates.ts';
import type { IsoDate } from '../types.ts';

/**
 * A small department site (示例市生态环境局) as it stood on any day of 2026: every article,
 * message and post carries a date, and the site on day D shows what was published by D.
 * `gov-inspector demo --year` and the annual e2e scan it once a quarter (Q4 left out),
 * so the year summary and the 年度报表 figures can be checked against `ANNUAL_TRUTH`.
 */

/** The quarterly check days of the demo year; the fourth quarter is not checked. */
export const ANNUAL_QUARTER_DATES: IsoDate[] = ['2026-03-25', '2026-06-20', '2026-09-20'];

interface Item {
  title: string;
  date: IsoDate;
}

interface ColumnSpec {
  /** Folder under the site root, e.g. `xwzx/gzdt`. */
  dir: string;
  name: string;
  items: Item[];
}

function series(prefix: string, from: IsoDate, step: number, n: number): Item[] {
  return Array.from({ length: n }, (_, i) => ({ title: `${prefix}（第${i + 1}期）`, date: addDays(from, i * step) }));
}

const NEWS: Item[] = [
  ...['2025-11-03', '2025-11-20', '2025-12-05', '2025-12-18', '2025-12-29'].map((date, i) => ({ title: `市生态环境局2025年工作动态${i + 1}`, date })),
  ...series('市生态环境局一季度重点工作推进情况', '2026-01-06', 3, 23),
  ...series('市生态环境局二季度污染防治工作动态', '2026-04-02', 6, 12),
  ...series('市生态环境局三季度生态环境执法动态', '2026-07-20', 8, 8),
];

export const ANNUAL_COLUMNS: ColumnSpec[] = [
  { dir: 'xwzx/gzdt', name: '工作动态', items: NEWS },
  { dir: 'xwzx/tpxw', name: '图片新闻', items: [{ title: '秋季河湖巡查掠影', date: '2025-10-10' }, { title: '冬季大气监测站点巡检', date: '2025-12-01' }, { title: '新春环保志愿服务活动', date: '2026-01-15' }] },
  {
    dir: 'tzgg',
    name: '通知公告',
    items: [
      { title: '关于2025年度排污单位自行监测检查的通知', date: '2025-12-10' },
      { title: '关于开展2026年度环境统计工作的通知', date: '2026-02-03' },
      { title: '关于公布2026年重点排污单位名录的公告', date: '2026-02-25' },
      { title: '关于环评文件受理情况的公示', date: '2026-03-10' },
      { title: '关于开展春季扬尘专项检查的通知', date: '2026-03-18' },
      { title: '关于环境违法行为举报奖励的公告', date: '2026-05-12' },
      { title: '关于六五环境日宣传活动的通知', date: '2026-06-08' },
    ],
  },
  {
    dir: 'xxgk/zcwj',
    name: '政策文件',
    items: [
      { title: '示例市大气污染防治条例实施细则', date: '2025-08-01' },
      { title: '示例市“十五五”生态环境保护规划编制工作方案', date: '2025-11-15' },
      { title: '示例市2026年水污染防治工作计划', date: '2026-01-20' },
      { title: '示例市建设项目环评审批管理办法', date: '2026-03-05' },
      { title: '示例市固体废物污染防治实施方案', date: '2026-05-20' },
      { title: '示例市噪声污染防治行动方案', date: '2026-08-10' },
    ],
  },
  { dir: 'xxgk/rsxx', name: '人事信息', items: [{ title: '市生态环境局干部任前公示', date: '2025-09-01' }, { title: '市生态环境局2026年公开遴选公务员公告', date: '2026-04-15' }] },
  {
    dir: 'xxgk/zcjd',
    name: '政策解读',
    items: [
      { title: '《示例市“十五五”生态环境保护规划编制工作方案》解读', date: '2025-11-16' },
      { title: '《示例市2026年水污染防治工作计划》解读', date: '2026-01-22' },
      { title: '《示例市固体废物污染防治实施方案》解读', date: '2026-05-22' },
      { title: '《示例市噪声污染防治行动方案》解读', date: '2026-08-12' },
    ],
  },
  { dir: 'jggk', name: '机构概况', items: [{ title: '局领导分工', date: '2024-05-01' }, { title: '内设机构调整情况', date: '2026-02-01' }] },
  { dir: 'ztzl', name: '专题专栏', items: [{ title: '污染防治攻坚战', date: '2025-03-01' }, { title: '中央生态环境保护督察', date: '2025-06-05' }, { title: '美丽示例建设', date: '2026-04-01' }] },
  { dir: 'hdjl/zjdc', name: '征集调查', items: [{ title: '生态环境满意度问卷调查', date: '2025-10-01' }, { title: '“十五五”规划意见征集', date: '2026-02-20' }, { title: '噪声污染防治行动方案意见征集', date: '2026-07-10' }] },
  { dir: 'hdjl/zxft', name: '在线访谈', items: [{ title: '局长谈大气污染防治', date: '2025-12-01' }, { title: '六五环境日在线访谈', date: '2026-05-15' }] },
];

interface Message {
  title: string;
  asked: IsoDate;
  replied: IsoDate | null;
}

export const ANNUAL_MESSAGES: Message[] = [
  { title: '咨询冬季供暖锅炉排放标准', asked: '2025-12-20', replied: '2026-01-04' },
  { title: '咨询建设项目环评审批时限', asked: '2026-01-05', replied: '2026-01-08' },
  { title: '反映工地夜间施工噪声扰民', asked: '2026-02-10', replied: '2026-02-14' },
  { title: '咨询排污许可证延续办理', asked: '2026-03-20', replied: '2026-06-15' },
  { title: '反映河道漂浮物问题', asked: '2026-05-06', replied: '2026-05-09' },
  { title: '咨询机动车尾气检测站点', asked: '2026-08-01', replied: '2026-08-04' },
  { title: '反映餐饮油烟扰民', asked: '2026-09-10', replied: null },
];

/** Posts of the two 政务新媒体 accounts; the feeds show the newest ten. */
export const ANNUAL_POSTS: Record<string, Item[]> = {
  wechat: [
    ...series('示例环境2025年推送', '2025-11-10', 20, 3),
    ...series('示例环境一季度推送', '2026-01-10', 14, 5),
    ...series('示例环境二季度推送', '2026-04-05', 18, 4),
    ...series('示例环境三季度推送', '2026-07-25', 20, 3),
  ],
  weibo: [...series('示例环境微博2025年发布', '2025-12-01', 10, 2), { title: '示例环境微博新年发布', date: '2026-01-10' }],
};

/** Broken links on the homepage, by the day they appear and the day they are fixed (exclusive). */
export const ANNUAL_BROKEN_LINKS: { text: string; path: string; from: IsoDate; to: IsoDate | null }[] = [
  { text: '2025年专题回顾', path: '/xwzx/zt/2025zt.html', from: '2026-01-01', to: '2026-04-01' },
  { text: '2025年工作计划（附件）', path: '/uploads/2025/plan.pdf', from: '2026-01-01', to: '2026-04-01' },
  { text: '旧版办事指南', path: '/xxgk/old-guide.html', from: '2026-01-01', to: '2026-07-01' },
  { text: '信访事项办理', path: '/hdjl/closed.html', from: '2026-04-01', to: null },
  { text: '局史沿革', path: '/about/history.html', from: '2026-01-01', to: null },
  { text: '政务公开专栏（归档）', path: '/xxgk/archive.html', from: '2026-01-01', to: null },
];

const SITE_NAME = '示例市生态环境局';
const PAGE_SIZE = 10;

function head(title: string, column?: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<meta name="SiteName" content="${SITE_NAME}"><meta name="SiteDomain" content="sthjj.example.gov.cn"><meta name="SiteIDCode" content="6201000088">${column ? `<meta name="ColumnName" content="${column}">` : ''}
</head><body>
<div class="top"><a href="/wza/">无障碍浏览</a> <a href="/en/">English</a>
<form class="search" action="/search/" method="get"><input type="text" name="q" aria-label="站内搜索"><button type="submit">搜索</button></form></div>
<ul class="nav"><li><a href="/index.html">首页</a></li><li><a href="/jggk/">机构概况</a></li><li><a href="/xwzx/gzdt/">工作动态</a></li><li><a href="/xxgk/">政府信息公开</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/ztzl/">专题专栏</a></li></ul>
`;
}

const FOOT = `<div class="footer">
<p><a href="/lxwm/">联系我们</a> | <a href="https://zfwzzc.www.gov.cn/check_web/errorInfo_querySearch.action?term=6201000088">我为政府网站找错</a></p>
<p>主办单位：示例市生态环境局　联系电话：0931-6666666</p>
<p>网站标识码：6201000088　<a href="https://beian.miit.gov.cn/">陇ICP备06000088号</a>　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=62010202000088">甘公网安备 62010202000088号</a></p>
<p><a href="http://bszs.conac.cn/sitename?method=show&amp;id=0A0B0C0D0E88"><img src="/images/red.png" alt="党政机关"></a></p>
</div>
</body></html>
`;

function articleUrl(dir: string, item: Item, i: number): string {
  const ym = item.date.slice(0, 7).replace('-', '');
  return `/${dir}/${ym}/t${item.date.replaceAll('-', '')}_${1000 + i}.html`;
}

function visible<T extends { date: IsoDate }>(items: T[], asOf: IsoDate): T[] {
  return items.filter((i) => i.date <= asOf);
}

/** The site's files as they stood on `asOf`: path → content. */
export function annualSiteFiles(asOf: IsoDate): Map<string, string> {
  const files = new Map<string, string>();
  const homeBoxes: string[] = [];
  for (const column of ANNUAL_COLUMNS) {
    const indexed = column.items.map((item, i) => ({ ...item, url: articleUrl(column.dir, item, i) }));
    const items = visible(indexed, asOf).sort((a, b) => b.date.localeCompare(a.date));
    const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
    for (let p = 0; p < pages; p++) {
      const rows = items.slice(p * PAGE_SIZE, (p + 1) * PAGE_SIZE).map((i) => `<li><a href="${i.url}" title="${i.title}">${i.title}</a><span>${i.date}</span></li>`);
      const pager = pages > 1 ? `<div class="page"><script type="text/javascript">var currentPage = ${p};var countPage = ${pages};createPageHTML(${pages}, ${p}, "index", "html");</script></div>` : '';
      files.set(`${column.dir}/${p === 0 ? 'index' : `index_${p}`}.html`, `${head(`${column.name}_${SITE_NAME}`, column.name)}<div class="crumb">当前位置：<a href="/">首页</a> &gt; ${column.name}</div>\n<div class="list"><h2>${column.name}</h2><ul class="news-list">${rows.join('')}</ul>\n${pager}</div>\n${FOOT}`);
    }
    for (const item of items) {
      files.set(item.url.slice(1), `${head(`${item.title}_${SITE_NAME}`, column.name)}<div class="article"><h1>${item.title}</h1><p class="info">发布时间：${item.date}　来源：${SITE_NAME}</p><p>${item.title}。全文略。</p></div>\n${FOOT}`);
    }
    homeBoxes.push(`<div class="box"><h3><a href="/${column.dir}/">${column.name}</a></h3><ul>${items.slice(0, 5).map((i) => `<li><a href="${i.url}">${i.title}</a><span class="date">[${i.date.slice(5)}]</span></li>`).join('')}</ul></div>`);
  }
  // 领导信箱: a message board whose replies appear on the day they are made.
  const messages = ANNUAL_MESSAGES.map((m, i) => ({ ...m, i })).filter((m) => m.asked <= asOf).sort((a, b) => b.asked.localeCompare(a.asked));
  const rows = messages.map(({ i, ...m }) => {
    const replied = m.replied && m.replied <= asOf ? m.replied : null;
    const url = `/hdjl/ldxx/${m.asked.slice(0, 7).replace('-', '')}/t${m.asked.replaceAll('-', '')}_${600 + i}.html`;
    files.set(url.slice(1), `${head(`${m.title}_${SITE_NAME}`, '领导信箱')}<div class="article"><h1>${m.title}</h1><p>留言时间：${m.asked}</p>${replied ? `<p>回复时间：${replied}</p><p>答复：已按规定办理。</p>` : '<p>状态：办理中</p>'}</div>\n${FOOT}`);
    return `<tr><td><a href="${url}">${m.title}</a></td><td>${m.asked}</td><td>${replied ?? ''}</td><td>${replied ? '已回复' : '办理中'}</td></tr>`;
  });
  files.set(
    'hdjl/ldxx/index.html',
    `${head(`领导信箱_${SITE_NAME}`, '领导信箱')}<div class="list"><h2>领导信箱</h2><form action="/hdjl/ldxx/submit" method="post"><label>留言内容<textarea name="content"></textarea></label><button type="submit">提交</button></form>
<table class="msg-list"><thead><tr><th>留言标题</th><th>留言时间</th><th>回复时间</th><th>状态</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>\n${FOOT}`,
  );
  files.set('hdjl/index.html', `${head(`互动交流_${SITE_NAME}`)}<div class="list"><h2>互动交流</h2><ul><li><a href="/hdjl/ldxx/">领导信箱</a></li><li><a href="/hdjl/zjdc/">征集调查</a></li><li><a href="/hdjl/zxft/">在线访谈</a></li></ul></div>\n${FOOT}`);
  files.set('xxgk/index.html', `${head(`政府信息公开_${SITE_NAME}`)}<div class="list"><h2>政府信息公开</h2><ul><li><a href="/xxgk/zcwj/">政策文件</a></li><li><a href="/xxgk/zcjd/">政策解读</a></li><li><a href="/xxgk/rsxx/">人事信息</a></li></ul></div>\n${FOOT}`);
  for (const [p, title] of [['wza/index.html', '无障碍浏览'], ['en/index.html', 'English'], ['lxwm/index.html', '联系我们'], ['search/index.html', '搜索结果']]) {
    files.set(p, `${head(`${title}_${SITE_NAME}`)}<div class="article"><h1>${title}</h1></div>\n${FOOT}`);
  }
  const broken = ANNUAL_BROKEN_LINKS.filter((l) => l.from <= asOf && (l.to === null || asOf < l.to)).map((l) => `<li><a href="${l.path}">${l.text}</a></li>`);
  files.set('index.html', `${head(SITE_NAME)}${homeBoxes.join('\n')}\n<div class="box"><h3>便民链接</h3><ul>${broken.join('')}</ul></div>\n<div class="box"><h3>关注我们</h3><p><a href="/hdjl/ldxx/">领导信箱</a></p></div>\n${FOOT}`);
  files.set('robots.txt', 'User-agent: *\nAllow: /\n');
  files.set('images/red.png', '');
  for (const [platform, posts] of Object.entries(ANNUAL_POSTS)) {
    const shown = visible(posts, asOf).sort((a, b) => b.date.localeCompare(a.date)).slice(0, 10);
    const items = shown.map(
      (p, i) => `<item><title><![CDATA[${p.title}]]></title><link>{{ORIGIN}}/xwzx/gzdt/</link><guid isPermaLink="false">${platform}-${p.date}-${i}</guid><pubDate>${new Date(`${p.date}T02:00:00Z`).toUTCString()}</pubDate><description><![CDATA[<p>${p.title}。</p>]]></description></item>`,
    );
    files.set(`feeds/${platform}.xml`, `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>示例环境</title><link>{{ORIGIN}}/</link><description>${SITE_NAME}政务新媒体</description>${items.join('\n')}</channel></rss>\n`);
  }
  return files;
}

/** Writes the site as it stood on `asOf` into `dir` (one folder per check day). */
export async function writeAnnualSite(dir: string, asOf: IsoDate): Promise<string> {
  for (const [file, content] of annualSiteFiles(asOf)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return dir;
}

/** Config of the demo year's site at `origin` (the same for every quarter but for one column override from Q2 on). */
export function annualSiteConfig(origin: string, asOf: IsoDate) {
  return {
    site: { name: SITE_NAME, url: `${origin}/`, office: '信息中心' },
    newMedia: [
      { name: '示例环境', platform: 'wechat', feed: `${origin}/feeds/wechat.xml`, office: '宣教处', checkLinks: false },
      { name: '示例环境', platform: 'weibo', feed: `${origin}/feeds/weibo.xml`, office: '宣教处', checkLinks: false },
    ],
    // A config change in the year: from the second quarter the office of 工作动态 is set.
    columns: asOf >= '2026-04-01' ? { overrides: [{ match: { name: '工作动态' }, office: '办公室' }] } : {},
    browser: { enabled: false },
    report: { formats: ['json'] },
  };
}

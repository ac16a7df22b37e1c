import { defineCheck } from '../src/checks/define-check.ts';
import { label, LABELS } from '../src/report/labels.ts';
import type { FailedLink } from '../src/artifacts.ts';
import type { BrokenLinkEntry, FindingDraft } from '../src/types.ts';

const KIND_NAMES: Record<string, string> = {
  a: '链接',
  img: '图片',
  script: '脚本',
  stylesheet: '样式表',
  frame: '框架页',
  media: '音视频',
  object: '嵌入对象',
  canonical: '规范网址（canonical）',
  alternate: '替代网址（alternate）',
  'open-graph': '分享卡片网址（Open Graph）',
  'json-ld': '结构化数据网址（JSON-LD）',
  other: '资源',
};

/** How a failure reads in a report: the status or the network error, in Chinese (the one label table). */
export function describeFailure(link: Pick<FailedLink, 'status' | 'error'>): string {
  if (link.status === 304) return 'HTTP 304（请求未带缓存条件却答复"未修改"，访问者得不到内容）';
  if (link.status !== null) return `HTTP ${link.status}`;
  return link.error && link.error in LABELS.fetchError ? label('fetchError', link.error) : `网络错误（${link.error ?? '未知'}）`;
}

function kindName(link: FailedLink): string {
  return link.attachment ? '附件' : (KIND_NAMES[link.kind] ?? '资源');
}

function rows(links: FailedLink[]): BrokenLinkEntry[] {
  return links.flatMap((l) => l.sources.map((source) => ({ source, target: l.target, status: l.status, error: l.error })));
}

/**
 * 链接可用性: every failed target once, with all the pages carrying it. A broken link on
 * the homepage deducts under its own indicator; links a server refused to robots are
 * listed as "cannot verify", never as broken.
 */
export default defineCheck({
  meta: {
    id: 'links-broken',
    title: '链接均可用',
    failureTitle: '存在不可用链接',
    requires: ['links', 'crawl'],
    indicators: ['deduct.links-broken-homepage', 'deduct.links-broken', 'warn.links-unverifiable', 'warn.site-unreachable-scan'],
  },
  run({ links, crawl }) {
    const findings: FindingDraft[] = [];
    const homepage = crawl.homepageUrl;
    const homepageFinal = crawl.homepage.finalUrl;
    if (crawl.homepage.error === 'offsite-redirect') {
      // The page it leads to belongs to another site: it is not judged as this one's homepage.
      findings.push({
        indicator: 'warn.site-unreachable-scan',
        title: '首页跳转到其他网站',
        url: homepage,
        evidence: `首页 ${homepage} 跳转到 ${homepageFinal}，不在本网站范围内（site.url 与 site.extraHosts），该页面未作为本网站检查`,
        key: homepage,
      });
    } else if (crawl.homepage.status === null || crawl.homepage.status >= 400) {
      findings.push({
        indicator: 'warn.site-unreachable-scan',
        title: '本次检查时首页无法打开',
        url: homepage,
        evidence: `首页 ${homepage} 返回：${describeFailure({ status: crawl.homepage.status, error: crawl.homepage.error })}`,
        key: homepage,
      });
    }
    for (const link of links.broken) {
      const onHomepage = link.sources.filter((s) => s === homepage || s === homepageFinal);
      // Sorted: the crawl's order differs between runs (concurrency, --resume), the evidence must not.
      const elsewhere = link.sources.filter((s) => s !== homepage && s !== homepageFinal).sort();
      const what = `${kindName(link)}不可用：${link.texts[0] ? `「${link.texts[0]}」` : ''}${link.target}`;
      const failure = describeFailure(link);
      if (onHomepage.length) {
        findings.push({ indicator: 'deduct.links-broken-homepage', title: `首页${what}`, url: homepage, evidence: `${failure}；所在页面：首页`, key: link.target });
      }
      if (elsewhere.length) {
        const shown = elsewhere.slice(0, 5).join('、') + (elsewhere.length > 5 ? ` 等 ${elsewhere.length} 个页面` : '');
        // All the pages go to the router: a link on pages of several columns is in the shared template.
        findings.push({ indicator: 'deduct.links-broken', title: what, url: elsewhere[0], evidence: `${failure}；所在页面：${shown}`, key: link.target, count: elsewhere.length, route: { pages: elsewhere } });
      }
    }
    for (const link of links.blocked) {
      findings.push({
        indicator: 'warn.links-unverifiable',
        title: `${kindName(link)}无法自动核验：${link.target}`,
        url: link.sources[0] ?? null,
        evidence: `${describeFailure(link)}${link.error === 'private-address' ? '（链接指向内网地址，未请求，请人工确认）' : '（目标站点拒绝自动访问，请人工打开确认）'}；所在页面：${link.sources.slice(0, 5).join('、')}`,
        key: link.target,
      });
    }
    return {
      findings,
      sections: { brokenLinks: rows(links.broken), unverifiableLinks: rows(links.blocked) },
      details: { checked: links.checked, occurrences: links.occurrences, broken: links.broken.length, blocked: links.blocked.length, robotsSkipped: links.robotsSkipped },
    };
  },
});

/**
 * Pure judgements over the contentSafety artifact, one function per kind, shared by the
 * five content-safety checks. Each returns the findings of its kind and the rows of the
 * findings.json `contentSafety` section.
 */
import type { CheckContext } from '../checks/define-check.ts';
import type { ContentSafetyArtifact, HiddenLinkRecord, LexiconHitRecord } from './types.ts';
import type { ContentSafetyEntry, FindingDraft } from '../types.ts';
import { similarity } from './fingerprint.ts';
import type { LexiconLevel } from './lexicon.ts';

export interface Verdict {
  findings: FindingDraft[];
  rows: ContentSafetyEntry[];
}

export const KIND_NAMES: Record<string, string> = {
  'hidden-link': '暗链',
  'sensitive-word': '敏感词',
  'wrong-expression': '错误表述',
  privacy: '个人信息泄露',
  tamper: '疑似篡改',
};

export const INDICATORS = {
  serious: 'veto.serious-error',
  expression: 'deduct.content-expression',
  privacy: 'deduct.privacy-leak',
  hiddenLink: 'warn.hidden-link',
  review: 'warn.content-review',
  mobile: 'warn.privacy-mobile',
  tamper: 'warn.content-tamper',
} as const;

/** How the report names an indicator's weight; ids follow the table's veto./deduct./warn. convention. */
function weightName(indicator: string): string {
  return indicator.startsWith('veto.') ? '单项否决' : indicator.startsWith('deduct.') ? '扣分' : '预警';
}

function row(url: string, kind: ContentSafetyEntry['kind'], evidence: string, indicator: string, extra: Record<string, unknown> = {}): ContentSafetyEntry {
  return { url, kind, kindName: KIND_NAMES[kind] ?? kind, indicator, weightName: weightName(indicator), evidence, ...extra };
}

function pagesText(pages: readonly string[], max = 5): string {
  return pages.slice(0, max).join('、') + (pages.length > max ? ` 等 ${pages.length} 个页面` : '');
}

function spamOf(link: HiddenLinkRecord, spamTargets: ReadonlySet<string>): string[] {
  return [...link.spamWords, ...link.domainWords.map((w) => `域名含“${w}”`), ...(spamTargets.has(link.href) ? ['目标页面含赌博色情内容'] : [])];
}

/** Hidden links to other sites: gambling or porn ones veto, the others are warnings to review. */
export function judgeHiddenLinks(a: ContentSafetyArtifact): Verdict {
  const spamTargets = new Set(a.outbound.spamTargets.map((t) => t.url));
  // 暗链 needs positive evidence: spam, or a hidden link to a host outside the allow-list that no menu or tab explains.
  const links = a.hiddenLinks.filter((h) => h.browser !== 'visible' && (spamOf(h, spamTargets).length > 0 || !h.dismissed));
  const rows = links.map((h) => {
    const spam = spamOf(h, spamTargets);
    return row(h.page, 'hidden-link', `隐藏链接「${h.text || '（无文字）'}」→ ${h.href}；判定依据：${h.reasons.join('；')}${spam.length ? `；涉赌涉黄：${spam.join('、')}` : ''}`, spam.length ? INDICATORS.serious : INDICATORS.hiddenLink, {
      target: h.href,
      reasons: h.reasons,
      browser: h.browser,
    });
  });
  const byTarget = new Map<string, HiddenLinkRecord[]>();
  for (const h of links) byTarget.set(h.href, [...(byTarget.get(h.href) ?? []), h]);
  const verdictNote = a.browser.used ? '' : `（${a.browser.reason ?? '未使用浏览器'}）`;
  const findings: FindingDraft[] = [...byTarget].map(([href, list]) => {
    const spam = [...new Set(list.flatMap((h) => spamOf(h, spamTargets)))];
    const first = list[0];
    const pages = [...new Set(list.map((h) => h.page))];
    const how = list.some((h) => h.browser === 'hidden') ? '经浏览器计算样式确认' : `仅依据静态 HTML/CSS 判断${verdictNote}`;
    return {
      indicator: spam.length ? INDICATORS.serious : INDICATORS.hiddenLink,
      title: spam.length ? `页面被植入指向赌博色情内容的暗链：${href}` : `页面存在指向外部网站的隐藏链接：${href}`,
      url: first.page,
      evidence: `链接文字「${first.text || '（无文字）'}」；判定依据：${first.reasons.join('；')}；${how}${spam.length ? `；涉赌涉黄特征：${spam.join('、')}` : ''}；所在页面：${pagesText(pages)}`,
      key: href,
      count: pages.length,
      // On pages of several columns the link sits in the shared template (an injection its maintainer must clean); on one column's pages, in what its editors published.
      route: { pages },
    };
  });
  return { findings, rows };
}

/** Outside sites whose pages now carry gambling or porn content (hidden-only ones are judged as hidden links). */
export function judgeOutbound(a: ContentSafetyArtifact): Verdict {
  const targets = a.outbound.spamTargets.filter((t) => !t.hiddenOnly);
  const rows = targets.map((t) => row(t.sources[0] ?? t.url, 'sensitive-word', `链接目标 ${t.url}${t.title ? `（标题「${t.title}」）` : ''}含赌博色情内容：${t.words.join('、')}`, INDICATORS.serious, { target: t.url }));
  const findings = targets.map((t) => ({
    indicator: INDICATORS.serious,
    title: `链接到含赌博色情内容的外部网站：${t.host}`,
    url: t.sources[0] ?? null,
    evidence: `目标 ${t.url}${t.title ? ` 标题「${t.title}」` : ''}，含：${t.words.join('、')}；链接所在页面：${pagesText(t.sources)}（该域名可能已过期被他人注册，请删除链接）`,
    key: t.url,
    count: t.sources.length || 1,
    route: { pages: t.sources },
  }));
  return { findings, rows };
}

function indicatorOfLevel(level: LexiconLevel): string {
  return level === 'serious' ? INDICATORS.serious : level === 'general' ? INDICATORS.expression : INDICATORS.review;
}

const WHERE_NAMES = { title: '页面标题', body: '正文', attachment: '附件名称' } as const;

function hitEvidence(h: LexiconHitRecord): string {
  const where = h.where === 'attachment' ? `附件名称（${h.attachmentUrl}）` : WHERE_NAMES[h.where];
  const fix = h.correct ? `，应为「${h.correct}」` : '';
  return `${where}出现「${h.term}」${fix}${h.count > 1 ? `（本页 ${h.count} 处）` : ''}：${h.context}${h.note ? `（${h.note}）` : ''}`;
}

/** 错敏词: serious entries veto, general ones deduct, review ones are warnings. One finding per term. */
export function judgeLexicon(a: ContentSafetyArtifact): Verdict {
  const rows = a.lexiconHits.map((h) => row(h.url, h.kind, hitEvidence(h), indicatorOfLevel(h.level), { term: h.term, where: h.where, correct: h.correct, level: h.level }));
  const byTerm = new Map<string, LexiconHitRecord[]>();
  for (const h of a.lexiconHits) byTerm.set(h.term, [...(byTerm.get(h.term) ?? []), h]);
  const findings = [...byTerm].map(([term, hits]) => {
    const first = hits[0];
    const what = first.kind === 'wrong-expression' ? (first.level === 'serious' ? '严重表述错误' : first.level === 'general' ? '表述错误' : '疑似表述不规范') : first.level === 'review' ? '疑似敏感词' : `${first.category ?? ''}敏感内容`;
    const pages = [...new Set(hits.map((h) => h.url))];
    return {
      indicator: indicatorOfLevel(first.level),
      title: `${what}：「${term}」${first.correct ? `（应为「${first.correct}」）` : ''}`,
      url: first.url,
      evidence: `${hitEvidence(first)}；出现页面：${pagesText(pages)}`,
      key: term,
      count: pages.length,
      // One finding per term keeps its key from quarter to quarter, so it has one office: the
      // column's when every page is in one column, else the site's, who knows all the pages
      // (not whichever column's page happened to be read first).
      route: { pages },
    };
  });
  return { findings, rows };
}

/** Unmasked ID numbers deduct; unmasked mobile numbers are warnings (contact numbers may be public on purpose). */
export function judgePrivacy(a: ContentSafetyArtifact): Verdict {
  const rows = a.privacy.map((p) => row(p.url, 'privacy', `${p.type === 'id-number' ? '未脱敏的身份证号' : '未脱敏的手机号'} ${p.masked}：${p.context}`, p.type === 'id-number' ? INDICATORS.privacy : INDICATORS.mobile, { type: p.type, masked: p.masked }));
  const byPage = new Map<string, { ids: typeof a.privacy; mobiles: typeof a.privacy }>();
  for (const p of a.privacy) {
    const entry = byPage.get(p.url) ?? { ids: [], mobiles: [] };
    (p.type === 'id-number' ? entry.ids : entry.mobiles).push(p);
    byPage.set(p.url, entry);
  }
  const findings: FindingDraft[] = [];
  for (const [url, { ids, mobiles }] of byPage) {
    if (ids.length) {
      findings.push({ indicator: INDICATORS.privacy, title: `页面公开了 ${ids.length} 个未脱敏的身份证号`, url, evidence: ids.slice(0, 3).map((p) => `${p.masked}：${p.context}`).join('；'), key: `${url}\nid`, count: ids.length });
    }
    if (mobiles.length) {
      findings.push({ indicator: INDICATORS.mobile, title: `页面公开了 ${mobiles.length} 个未脱敏的手机号，请确认是否应当公开`, url, evidence: mobiles.slice(0, 3).map((p) => `${p.masked}：${p.context}`).join('；'), key: `${url}\nmobile`, count: mobiles.length });
    }
  }
  return { findings, rows };
}

/** Homepage compared with the previous scan: a large text change, a new title, new outside scripts or frames. */
export function judgeTampering(a: ContentSafetyArtifact, ctx: Pick<CheckContext, 'config'>): Verdict & { similarity: number | null } {
  const { current, previous } = a.tamper;
  if (!current || !previous) return { findings: [], rows: [], similarity: null };
  const since = `（与 ${a.tamper.previousAsOf ?? '上次'} 的检查相比）`;
  const findings: FindingDraft[] = [];
  const sim = similarity(current.signature, previous.signature);
  const min = ctx.config.contentSafety.tamper.minSimilarity;
  if (current.textHash !== previous.textHash && sim < min) {
    findings.push({ indicator: INDICATORS.tamper, title: '首页内容大幅变化，请确认是否为正常改版', url: current.url, evidence: `首页文字相似度 ${Math.round(sim * 100)}%，低于 ${Math.round(min * 100)}%${since}；字数 ${previous.textLength} → ${current.textLength}`, key: `text\n${current.textHash}` });
  }
  if (current.title !== previous.title) {
    findings.push({ indicator: INDICATORS.tamper, title: '首页标题发生变化', url: current.url, evidence: `标题「${previous.title}」→「${current.title}」${since}`, key: `title\n${current.title}` });
  }
  if (current.keywords !== previous.keywords && current.keywords) {
    findings.push({ indicator: INDICATORS.tamper, title: '首页关键词（meta keywords）发生变化', url: current.url, evidence: `「${previous.keywords}」→「${current.keywords}」${since}`, key: `keywords\n${current.keywords}` });
  }
  for (const src of current.externalScripts.filter((s) => !previous.externalScripts.includes(s))) {
    findings.push({ indicator: INDICATORS.tamper, title: `首页新增外部脚本：${src}`, url: current.url, evidence: `上次检查时首页未加载该脚本${since}；外部脚本可能被用于挂马、跳转或写入暗链`, key: `script\n${src}` });
  }
  for (const src of current.iframes.filter((s) => !previous.iframes.includes(s))) {
    findings.push({ indicator: INDICATORS.tamper, title: `首页新增内嵌框架（iframe）：${src}`, url: current.url, evidence: `上次检查时首页没有该框架${since}`, key: `iframe\n${src}` });
  }
  const rows = findings.map((f) => row(current.url, 'tamper', `${f.title}：${f.evidence}`, f.indicator));
  return { findings, rows, similarity: sim };
}


import { defineCheck } from '../src/checks/define-check.ts';
import { absenceFinding, sectionOf, siteLook } from '../src/checks/site-look.ts';
import type { PolicyPage } from '../src/disclosure/types.ts';
import { daysBetween } from '../src/dates.ts';
import { interpretationKey } from '../src/disclosure/interpretation-key.ts';
import type { FindingDraft, RouteHints } from '../src/types.ts';

/** The name a document is known by: its 《书名》, else its title without the 关于…的通知 frame. */
export function coreName(title: string): string {
  const quoted = /《([^》]{4,})》/.exec(title);
  if (quoted) return quoted[1];
  return title
    .replace(/^.*?关于(印发)?/, '')
    .replace(/的(通知|意见|决定|公告|通告|办法|批复)$/, '')
    .replace(/^(图解|解读|政策解读)[:：]?/, '')
    .trim();
}

/** Does the interpretation's title name the document (its core name, or most of it)? */
function titleNames(interp: PolicyPage, doc: PolicyPage): boolean {
  const name = coreName(doc.title);
  if (name.length >= 4 && interp.title.includes(name)) return true;
  const iname = coreName(interp.title);
  // 图解 titles paraphrase: accept when a long run of the document's name reappears.
  for (let len = Math.min(name.length, 10); len >= 6; len--) {
    for (let i = 0; i + len <= name.length; i++) if (iname.includes(name.slice(i, i + len))) return true;
  }
  return false;
}

/**
 * 政策解读: every policy document of the past year (`interpretation.windowDays`) has an
 * interpretation, and the two link to each other. Pairs are found by links either way or
 * by the interpretation naming the document.
 */
export default defineCheck({
  meta: {
    id: 'interpretation',
    title: '政策文件均有解读且相互关联',
    failureTitle: '政策文件缺少解读或未与解读关联',
    requires: ['disclosure', 'crawl'],
    indicators: ['deduct.interpretation-missing', 'deduct.interpretation-unlinked', 'manual.interpretation-unverified'],
  },
  run({ disclosure, crawl }, ctx) {
    const cfg = ctx.config.disclosure.interpretation;
    // The office is chosen after the checks (src/score/route-office.ts): the catalogue row,
    // then the document's own drafting office (谁起草谁解读) are hints.
    const routeOf = (doc: PolicyPage): RouteHints => ({ catalogueItem: 'policy-interpretation', document: { office: doc.drafter ?? null, issuer: doc.issuer ?? null, number: doc.number ?? null } });
    const docs = disclosure.policies.filter((d) => d.date && d.date <= ctx.asOf && daysBetween(d.date, ctx.asOf) <= cfg.windowDays);
    // Documents past the window are no longer judged: last quarter's problems with them are 不再适用.
    const retired = disclosure.policies
      .filter((d) => d.date && daysBetween(d.date, ctx.asOf) > cfg.windowDays)
      .flatMap((d) => (['missing', 'unlinked'] as const).map((kind) => ({ key: interpretationKey(kind, d.url), reason: `文件发布于 ${d.date}，已超出 ${cfg.windowDays} 天的解读检查范围` })));
    const findings: FindingDraft[] = [];
    // An interpretation not found may be on a page the scan could not read: one linked by the
    // document's title or 文号 or as 解读, one in the column the site's interpretations stand
    // in, or one the document's page links to. Then it is 需人工核查, not a deduction.
    const interpretationColumns = [...new Set(disclosure.interpretations.map((i) => sectionOf(i.url)))];
    const lookFor = (doc: PolicyPage) =>
      siteLook(crawl, ctx.config.crawl, {
        terms: [doc.title, doc.number ?? '', ...cfg.interpretationKeywords].filter(Boolean),
        section: { folders: interpretationColumns },
        linkedFrom: [doc.url],
      });
    const pairs = docs.map((doc) => {
      const interp =
        disclosure.interpretations.find((i) => i.links.includes(doc.url) || doc.links.includes(i.url)) ??
        disclosure.interpretations.find((i) => titleNames(i, doc)) ??
        null;
      const docToInterp = interp ? doc.links.includes(interp.url) : false;
      const interpToDoc = interp ? interp.links.includes(doc.url) : false;
      return { doc, interp, docToInterp, interpToDoc };
    });
    for (const p of pairs) {
      if (!p.interp) {
        findings.push(
          absenceFinding(
            lookFor(p.doc),
            { indicator: 'deduct.interpretation-missing', title: `政策文件未发布解读：${p.doc.title}`, url: p.doc.url, route: routeOf(p.doc), evidence: `发布日期 ${p.doc.date}，未找到对应的政策解读`, key: interpretationKey('missing', p.doc.url) },
            { indicator: 'manual.interpretation-unverified', title: `未找到政策文件的解读，需人工核查：${p.doc.title}` },
          ),
        );
      } else if (!p.docToInterp || !p.interpToDoc) {
        const lacking = [!p.docToInterp && '文件页未链接解读', !p.interpToDoc && '解读页未链接文件'].filter(Boolean).join('，');
        findings.push({ indicator: 'deduct.interpretation-unlinked', title: `政策文件与解读未相互关联：${p.doc.title}`, url: p.doc.url, route: routeOf(p.doc), evidence: `${lacking}（解读：${p.interp.url}）`, key: interpretationKey('unlinked', p.doc.url) });
      }
    }
    const paired = pairs.filter((p) => p.interp).length;
    const ratio = docs.length ? Math.round((paired / docs.length) * 1000) / 10 : null;
    return {
      findings,
      retired,
      status: docs.length ? undefined : 'na',
      reason: docs.length ? `近一年政策文件 ${docs.length} 件，有解读 ${paired} 件（${ratio}%），双向关联 ${pairs.filter((p) => p.docToInterp && p.interpToDoc).length} 件` : '近一年未发现政策文件',
      details: {
        documents: docs.length,
        paired,
        ratio,
        bothWays: pairs.filter((p) => p.docToInterp && p.interpToDoc).length,
        unpaired: pairs.filter((p) => !p.interp).map((p) => ({ url: p.doc.url, title: p.doc.title, date: p.doc.date })),
        pairs: pairs.map((p) => ({ doc: p.doc.url, title: p.doc.title, date: p.doc.date, interpretation: p.interp?.url ?? null, docToInterp: p.docToInterp, interpToDoc: p.interpToDoc })),
      },
    };
  },
});

import { defineCheck } from '../src/checks/define-check.ts';
import { absenceFinding, sectionOf, siteLook, type Sought } from '../src/checks/site-look.ts';
import type { ItemEvidence } from '../src/disclosure/types.ts';
import type { FindingDraft, RequiredItemEntry } from '../src/types.ts';

const VIA_NAMES: Record<ItemEvidence['via'], string> = {
  directory: '政府信息公开目录中的链接',
  link: '站内链接',
  column: '栏目页',
  title: '页面标题',
};

/** The edition year an item must show by `asOf`: last year's once `due` (MM-DD) has passed, else the year before. */
export function expectedEdition(asOf: string, edition: { year: 'previous' | 'current'; due: string }): number {
  const year = Number(asOf.slice(0, 4));
  const target = edition.year === 'previous' ? year - 1 : year;
  const dueDate = `${edition.year === 'previous' ? year : target}-${edition.due}`;
  return asOf > dueDate ? target : target - 1;
}

/**
 * A link text naming the front page of a department's disclosure section, beside
 * disclosure.directoryPattern: 政务公开 (most sites' menu name for it), 政府信息公开,
 * 信息主动公开目录, 政务公开专栏 …
 */
const CATALOGUE_SECTION = /^(政府信息|信息|政务)(主动)?公开(基本)?(目录|专栏|平台|栏目)?$/;

/**
 * 主动公开目录: each catalogue item found (with the page that shows it) or missing (with
 * the office that must add it). A link whose page is about something else never counts;
 * a linked file counts only when it downloads. Yearly items must show the due edition.
 */
export default defineCheck({
  meta: {
    id: 'required-items',
    title: '主动公开事项齐全',
    failureTitle: '主动公开事项缺失或未按时更新',
    requires: ['disclosure', 'links', 'crawl'],
    indicators: ['deduct.required-item-missing', 'deduct.required-item-outdated', 'manual.required-item-unverified'],
  },
  run({ disclosure, links, crawl }, ctx) {
    const broken = new Set(links.broken.map((b) => b.target));
    // An item (or its due edition) not found may stand on a page the scan could not read: a
    // page linked by the item's name or keywords, or one in the 政府信息公开 section (under
    // the directory's folder, or its front page, linked as 政务公开/信息公开目录). Then it
    // is 需人工核查, not a deduction.
    const section = { folders: [sectionOf(disclosure.directoryUrl)], names: [new RegExp(ctx.config.disclosure.directoryPattern), CATALOGUE_SECTION] };
    const soughtFor = (item: { name: string; keywords: string[] }, folders: (string | null)[] = []): Sought => ({
      terms: [item.name, ...item.keywords],
      section: { ...section, folders: [...section.folders, ...folders] },
    });
    const findings: FindingDraft[] = [];
    const rows: RequiredItemEntry[] = [];
    const where = disclosure.directoryUrl ?? ctx.homepageUrl;
    for (const item of disclosure.catalogue.items) {
      const usable = (disclosure.evidence[item.id] ?? []).filter((e) => !broken.has(e.url));
      const best = usable[0] ?? null;
      const row: RequiredItemEntry = {
        id: item.id,
        name: item.name,
        found: best !== null,
        url: best?.url ?? null,
        office: item.office,
        rhythm: item.rhythm,
        via: best ? VIA_NAMES[best.via] : null,
        evidenceText: best?.text ?? null,
        // The page the verdict rests on, by its title, so a reader can tell it is the item's page.
        evidenceTitle: best?.title ?? null,
        edition: null,
        unverified: null,
      };
      if (!best) {
        const brokenOnes = (disclosure.evidence[item.id] ?? []).filter((e) => broken.has(e.url));
        const evidence = brokenOnes.length
          ? `指向该事项的链接无法打开：${brokenOnes.map((e) => e.url).join('、')}`
          : `在政府信息公开目录、栏目、导航和链接中均未找到该事项（关键词：${item.keywords.join('、')}）`;
        const look = siteLook(crawl, ctx.config.crawl, soughtFor(item));
        row.unverified = look.reason;
        findings.push(
          absenceFinding(
            look,
            { indicator: 'deduct.required-item-missing', title: `未公开「${item.name}」`, url: where, route: { catalogueItem: item.id }, evidence, key: item.id },
            { indicator: 'manual.required-item-unverified', title: `未找到「${item.name}」，需人工核查` },
          ),
        );
      } else if (item.edition) {
        const expected = expectedEdition(ctx.asOf, item.edition);
        const editions = disclosure.editions[item.id] ?? [];
        const has = editions.find((e) => e.year >= expected);
        row.edition = { expected, found: has ? has.year : null, url: has?.url ?? null };
        if (!has) {
          const latest = editions[0];
          const evidence = `应在 ${expected + (item.edition.year === 'previous' ? 1 : 0)}-${item.edition.due} 前公开 ${expected} 年度版本；${latest ? `最新见到的是 ${latest.year} 年度（${latest.text}）` : '未见任何年度版本'}`;
          // The due edition would be listed on the item's own column, too.
          const look = siteLook(crawl, ctx.config.crawl, soughtFor(item, [sectionOf(best.url)]));
          row.unverified = look.reason;
          findings.push(
            absenceFinding(
              look,
              { indicator: 'deduct.required-item-outdated', title: `未按时公开 ${expected} 年度「${item.name}」`, url: best.url, route: { catalogueItem: item.id }, evidence, key: `${item.id}:${expected}` },
              { indicator: 'manual.required-item-unverified', title: `未找到 ${expected} 年度「${item.name}」，需人工核查` },
            ),
          );
        }
      }
      rows.push(row);
    }
    const notFound = rows.filter((r) => !r.found);
    // Not found where the look was incomplete is not "missing": those items (and due editions) are listed apart, for a person to check.
    const missing = notFound.filter((r) => !r.unverified);
    const unverified = notFound.filter((r) => r.unverified);
    const editionDue = (r: RequiredItemEntry) => {
      const edition = r.edition as { expected: number; found: number | null } | null;
      return edition && !edition.found ? edition.expected : null;
    };
    const outdated = rows.filter((r) => editionDue(r) !== null);
    const byOffice = (list: RequiredItemEntry[]) => {
      const offices = new Map<string, { id: string; name: string }[]>();
      for (const r of list) {
        const name = r.found ? `${r.name}（${editionDue(r)} 年度）` : r.name;
        offices.set(r.office, [...(offices.get(r.office) ?? []), { id: r.id, name }]);
      }
      return [...offices].map(([office, items]) => ({ office, items, count: items.length }));
    };
    return {
      findings,
      sections: { requiredItems: rows },
      reason: `${rows.length} 项中找到 ${rows.length - notFound.length} 项，缺失 ${missing.length} 项${unverified.length ? `，另有 ${unverified.length} 项未找到但可能在未能读取的页面上，需人工核查` : ''}`,
      details: {
        catalogue: disclosure.catalogue.name,
        directoryUrl: disclosure.directoryUrl,
        total: rows.length,
        found: rows.length - notFound.length,
        missingByOffice: byOffice(missing),
        unverifiedByOffice: byOffice([...unverified, ...outdated.filter((r) => r.unverified)]),
        outdated: outdated.filter((r) => !r.unverified).map((r) => ({ id: r.id, name: r.name, url: r.url, office: r.office, edition: r.edition })),
        rejected: disclosure.rejected,
      },
    };
  },
});

import type { ColumnsArtifact } from '../columns/types.ts';
import type { Config } from '../config/schema.ts';
import type { OfficeRoute } from '../config/sections/offices.ts';
import { singleOffice } from '../disclosure/offices.ts';
import type { DisclosureArtifact } from '../disclosure/types.ts';
import { isArtifactError } from '../gather/types.ts';
import type { CheckResult, ColumnEntry, FindingDraft, RequiredItemEntry, RoutedBy } from '../types.ts';

/** Where a finding goes, and why. */
export interface Routed {
  office: string;
  routedBy: RoutedBy;
}

export type OfficeRouter = (draft: FindingDraft) => Routed;

function matchesIndicator(pattern: string, indicator: string): boolean {
  return pattern.endsWith('*') ? indicator.startsWith(pattern.slice(0, -1)) : pattern === indicator;
}

function routeMatches(route: OfficeRoute, draft: FindingDraft, pages: string[], columnName: string | null): boolean {
  if (route.indicator !== undefined && !matchesIndicator(route.indicator, draft.indicator)) return false;
  if (route.column !== undefined && !(columnName ?? '').includes(route.column)) return false;
  if (route.url !== undefined) {
    const pattern = new RegExp(route.url);
    if (!pages.length || !pages.every((url) => pattern.test(url))) return false;
  }
  if (route.docNumber !== undefined) {
    const number = draft.route?.document?.number;
    if (!number || !new RegExp(route.docNumber).test(number)) return false;
  }
  return true;
}

/** Folder of a column's list page (`/xwzx/gzdt/index.html` → `/xwzx/gzdt/`); null for the site root. */
function columnFolder(url: string): string | null {
  try {
    const u = new URL(url);
    const dir = u.pathname.slice(0, u.pathname.lastIndexOf('/') + 1);
    return dir === '/' ? null : `${u.origin}${dir}`;
  } catch {
    return null;
  }
}

/** The column whose folder holds `url` (the deepest one), for problems on article pages. */
function columnHolding(url: string | null, columns: ColumnsArtifact['columns']): ColumnsArtifact['columns'][number] | null {
  if (!url) return null;
  let best: { column: ColumnsArtifact['columns'][number]; length: number } | null = null;
  for (const column of columns) {
    const folder = columnFolder(column.url);
    if (folder && url.startsWith(folder) && folder.length > (best?.length ?? 0)) best = { column, length: folder.length };
  }
  return best?.column ?? null;
}

/**
 * The one column holding every page (deepest folder each), or null when a page lies in no
 * column (the homepage, a page outside every column folder) or the pages lie in different
 * columns: a link on pages of several columns is in the shared template, the site's.
 */
function columnHoldingAll(urls: string[], siteUrl: string, columns: ColumnsArtifact['columns']): ColumnsArtifact['columns'][number] | null {
  let found: ColumnsArtifact['columns'][number] | null = null;
  for (const url of urls) {
    const column = url === siteUrl ? null : columnHolding(url, columns);
    if (!column || (found && column !== found)) return null;
    found = column;
  }
  return found;
}

/** 发文机关 is usually the department itself; only an office of it (「…执法局」「办公室」) counts. */
function officeOfIssuer(issuer: string | null | undefined, siteName: string): string | null {
  const rest = (issuer ?? '').replace(siteName, '').trim();
  return /(处|室|办|中心|局|队)$/.test(rest) ? rest : null;
}

/**
 * One office per problem, chosen once after the checks, in this order:
 * 1. `offices.routes` in the config (by indicator, column name, URL or 文号);
 * 2. an explicit office on the finding: a document register's 起草处室 (`officeFromRegister`),
 *    or an office the config gives the thing itself (a new-media account's `office`);
 * 3. the catalogue row's 责任处室;
 * 4. the column's office (`columns.overrides` / `columns.add`, or the catalogue row its name
 *    matches), also for pages inside a column's folder;
 *    a problem on several pages (`route.pages`: a broken link, a 暗链) has a column, or matches a
 *    route's `url`, only when all its pages do: a link on pages of several columns sits in
 *    the shared header, footer or navigation, and goes on to `site.office`, its maintainer;
 * 5. the policy document's drafting office (起草处室, or an office named as 发文机关);
 * 6. `site.office` (信息中心 unless set).
 * A step that yields a group (各相关处室) or a list of offices falls through to the next.
 */
export function createOfficeRouter(config: Config, artifacts: Record<string, unknown>): OfficeRouter {
  const disclosure = artifacts.disclosure && !isArtifactError(artifacts.disclosure) ? (artifacts.disclosure as DisclosureArtifact) : null;
  const columnsArtifact = artifacts.columns && !isArtifactError(artifacts.columns) ? (artifacts.columns as ColumnsArtifact) : null;
  const columns = columnsArtifact?.columns ?? [];
  const catalogue = new Map((disclosure?.catalogue.items ?? []).map((i) => [i.id, i.office]));
  const siteName = config.site.name;
  return (draft) => {
    const hints = draft.route ?? {};
    // The pages the problem is on: all of them for a problem on several (a broken link), else its one page.
    const pages = hints.pages?.length ? hints.pages : [draft.url ?? hints.column?.url].filter((u): u is string => !!u);
    const column = hints.column ?? columnHoldingAll(pages, config.site.url, columns);
    const route = config.offices.routes.find((r) => routeMatches(r, draft, pages, column?.name ?? null));
    const steps: [RoutedBy, string | null | undefined][] = [
      ['config', route?.office],
      // An explicit office: the document register's 起草处室, or one the config gives the thing (a new-media account).
      [draft.officeFromRegister ? 'register' : 'config', draft.office],
      ['catalogue', hints.catalogueItem ? catalogue.get(hints.catalogueItem) : null],
      ['column', column?.office],
      ['document', hints.document?.office],
      ['document', officeOfIssuer(hints.document?.issuer, siteName)],
    ];
    for (const [routedBy, cell] of steps) {
      const office = singleOffice(cell);
      if (office) return { office, routedBy };
    }
    return { office: config.site.office, routedBy: 'default' };
  };
}

/**
 * The same routing for the rows of findings.json sections that name an office (主动公开事项,
 * 栏目), so a table never shows a group or 「—」 where a problem has one office; and for the
 * required-items check's per-office summary the report shows.
 */
export function routeSections(json: { requiredItems: RequiredItemEntry[]; columns: ColumnEntry[] }, results: CheckResult[], routeOf: OfficeRouter): void {
  for (const row of json.requiredItems) {
    row.office = routeOf({ indicator: 'deduct.required-item-missing', title: row.name, url: null, evidence: '', route: { catalogueItem: row.id } }).office;
  }
  for (const column of json.columns) {
    const office = typeof column.office === 'string' ? column.office : null;
    column.office = routeOf({ indicator: 'warn.column-stale', title: column.name, url: column.url, evidence: '', route: { column: { url: column.url, name: column.name, office } } }).office;
  }
  type ByOffice = { office: string; items: { id: string; name: string }[]; count: number }[];
  const details = results.find((r) => r.id === 'required-items')?.details as { missingByOffice?: ByOffice; unverifiedByOffice?: ByOffice; outdated?: { id: string; office: string }[] } | undefined;
  if (!details) return;
  const officeOfItem = new Map(json.requiredItems.map((r) => [r.id, r.office]));
  const regroup = (groups: ByOffice): ByOffice => {
    const byOffice = new Map<string, { id: string; name: string }[]>();
    for (const item of groups.flatMap((g) => g.items)) {
      const office = officeOfItem.get(item.id) ?? '';
      byOffice.set(office, [...(byOffice.get(office) ?? []), item]);
    }
    return [...byOffice].map(([office, items]) => ({ office, items, count: items.length }));
  };
  if (details.missingByOffice) details.missingByOffice = regroup(details.missingByOffice);
  if (details.unverifiedByOffice) details.unverifiedByOffice = regroup(details.unverifiedByOffice);
  for (const row of details.outdated ?? []) row.office = officeOfItem.get(row.id) ?? row.office;
}

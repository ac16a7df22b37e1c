import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config/schema.ts';
import { isArtifactError } from '../../gather/types.ts';
import { UsageError } from '../../errors.ts';
import type { ScanRecord, StoreData } from '../../store/scan-store.ts';
import type { IsoDate } from '../../types.ts';
import type { FindingsJson } from '../findings-json.ts';
import { hostKey, sameSite, siteAliases, siteIdOf, type SiteIdentityConfig } from './site-key.ts';

/** Artifacts the year summary reads; every other artifact stays on disk. */
const YEAR_ARTIFACTS = ['columns', 'interaction', 'siteIdentity', 'newMedia', 'availability', 'disclosure'] as const;

/** One stored scan of the year, as the summary needs it: index record, config, findings and a few artifacts. */
export interface YearScan {
  record: ScanRecord;
  config: Config;
  baseDir: string;
  findings: FindingsJson;
  artifacts: Partial<Record<(typeof YEAR_ARTIFACTS)[number], unknown>>;
}

export interface YearScans {
  year: number;
  site: SiteIdentityConfig;
  /** Keys the site is known by (id, hosts now and before). */
  aliases: Set<string>;
  /** Judged scans of the year, oldest first. */
  scans: YearScan[];
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

function judged(s: ScanRecord): boolean {
  return (s.status === 'done' || s.status === 'partial') && existsSync(path.join(s.dir, 'findings.json'));
}

function siteOfRecord(s: ScanRecord, config: Config | null): SiteIdentityConfig {
  return (config?.site as SiteIdentityConfig | undefined) ?? { name: s.site.name, url: s.site.url };
}

/**
 * The judged scans of `year` for one site, from the store alone (no request to the site).
 * `site` picks the site by URL or id when the store holds several; a usage error (exit 2)
 * when the year has no scan, or several sites and no `site`.
 */
export async function loadYearScans(data: StoreData, year: number, site: string | undefined, storeDir: string): Promise<YearScans> {
  const ofYear = data.scans.filter((s) => s.asOf.startsWith(`${year}-`) && judged(s));
  const metas = new Map<string, { config: Config; baseDir: string } | null>();
  for (const s of ofYear) metas.set(s.id, await readJson<{ config: Config; baseDir: string }>(path.join(s.dir, 'scan.json')));
  if (ofYear.length === 0) throw new UsageError(`检查记录 ${storeDir} 中没有 ${year} 年的检查：请先对该年度完成至少一次检查（gov-inspector scan --as-of ${year}-MM-DD），或检查 --store 与 --year 是否正确`);
  // The latest scan of each site speaks for it: its config lists the site's id and old addresses.
  const latestBySite = new Map<string, { record: ScanRecord; site: SiteIdentityConfig }>();
  for (const s of [...ofYear].sort((a, b) => a.asOf.localeCompare(b.asOf) || a.startedAt.localeCompare(b.startedAt))) {
    const siteCfg = siteOfRecord(s, metas.get(s.id)?.config ?? null);
    const known = [...latestBySite.entries()].find(([, v]) => sameSite(siteAliases(siteCfg), v.site) || sameSite(siteAliases(v.site), siteCfg));
    if (known) latestBySite.delete(known[0]);
    latestBySite.set(siteIdOf(siteCfg), { record: s, site: siteCfg });
  }
  let chosen: SiteIdentityConfig;
  if (site !== undefined) {
    const wanted = /^https?:\/\//i.test(site) ? hostKey(site) : site;
    const hit = [...latestBySite.values()].find((v) => siteAliases(v.site).has(wanted));
    if (!hit) throw new UsageError(`参数 --site 的值 ${JSON.stringify(site)} 无效：${year} 年的检查记录中没有该网站（有：${[...latestBySite.values()].map((v) => `${v.site.name} ${v.site.url}`).join('；')}）`);
    chosen = hit.site;
  } else if (latestBySite.size > 1) {
    throw new UsageError(`${year} 年的检查记录中有 ${latestBySite.size} 个网站，请用 --site 指定其一：${[...latestBySite.values()].map((v) => v.site.url).join('、')}`);
  } else {
    chosen = [...latestBySite.values()][0].site;
  }
  const aliases = siteAliases(chosen);
  const scans: YearScan[] = [];
  for (const record of ofYear) {
    const meta = metas.get(record.id);
    if (!meta || !sameSite(aliases, siteOfRecord(record, meta.config))) continue;
    const findings = await readJson<FindingsJson>(path.join(record.dir, 'findings.json'));
    if (!findings) continue;
    const artifacts: YearScan['artifacts'] = {};
    for (const name of YEAR_ARTIFACTS) {
      const value = await readJson<unknown>(path.join(record.dir, 'artifacts', `${name}.json`));
      if (value && !isArtifactError(value)) artifacts[name] = value;
    }
    scans.push({ record, config: meta.config, baseDir: meta.baseDir, findings, artifacts });
  }
  scans.sort((a, b) => a.record.asOf.localeCompare(b.record.asOf) || a.record.startedAt.localeCompare(b.record.startedAt));
  return { year, site: chosen, aliases, scans };
}

/** The scan that speaks for each quarter: the last one judged in it. */
export function quarterScans(scans: YearScan[]): Map<string, YearScan> {
  const out = new Map<string, YearScan>();
  for (const s of scans) out.set(s.record.quarter, s);
  return out;
}

export function quartersOf(year: number): string[] {
  return [1, 2, 3, 4].map((q) => `${year}Q${q}`);
}

export function yearEnd(year: number): IsoDate {
  return `${year}-12-31`;
}

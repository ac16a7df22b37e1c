import path from 'node:path';
import type { Config } from '../config/schema.ts';
import { PAGES_FILE } from '../crawl/crawler.ts';
import type { PageRecord } from '../crawl/types.ts';
import { readJsonl } from '../store/jsonl.ts';
import type { RecheckScope } from '../store/history.ts';
import type { CheckResult } from '../types.ts';

/** What this scan looked at again: checks that ran, pages fetched, problems checks retired. */
export async function recheckScope(scanDir: string, config: Config, results: readonly CheckResult[]): Promise<RecheckScope> {
  const pagesFetched = new Set<string>();
  try {
    for await (const page of readJsonl<PageRecord>(path.join(scanDir, PAGES_FILE))) {
      pagesFetched.add(page.url);
      pagesFetched.add(page.finalUrl);
    }
  } catch {
    // No page list (a links-only or damaged scan): no page counts as re-checked.
  }
  const retired = new Map<string, string>();
  for (const r of results) for (const x of r.retired ?? []) retired.set(`${r.id}\n${x.key}`, x.reason);
  return {
    checksRun: new Set(results.filter((r) => r.status !== 'skipped' && r.status !== 'error').map((r) => r.id)),
    pagesFetched,
    siteHosts: new Set([new URL(config.site.url).host, ...config.site.extraHosts.map((h) => h.toLowerCase())]),
    retired,
  };
}

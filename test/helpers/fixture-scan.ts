import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { validateConfig } from '../../src/config/load.ts';
import type { ConfigInput } from '../../src/config/schema.ts';
import { DEMO_AS_OF, demoConfig, demoOfficeMap } from '../../src/demo/demo-config.ts';
import { DEMO_SITE_DIR, EXTERNAL_SITE_DIR, FixtureServer } from '../../src/demo/fixture-server.ts';
import type { FindingsJson } from '../../src/report/findings-json.ts';
import { runScan, type ScanOutcome } from '../../src/scan/run-scan.ts';
import { loadArtifacts } from '../../src/store/artifact-files.ts';
import { MemoryScanStore } from '../../src/store/lowdb-store.ts';
import type { ScanStore } from '../../src/store/scan-store.ts';

export interface FixtureSites {
  site: FixtureServer;
  external: FixtureServer;
  stop(): Promise<void>;
}

/** Starts a fixture site (default: the demo site) and the "other sites" server on loopback. */
export async function startFixtureSites(root = DEMO_SITE_DIR): Promise<FixtureSites> {
  const external = new FixtureServer({ root: EXTERNAL_SITE_DIR, host: '127.0.0.2' });
  await external.start();
  const site = new FixtureServer({ root, externalOrigin: external.origin });
  await site.start();
  return { site, external, stop: async () => void (await Promise.all([site.stop(), external.stop()])) };
}

/** Config changes merged one level deep into the demo config (site, crawl, browser ...). */
export type ConfigPatch = {
  [K in keyof ConfigInput]?: NonNullable<ConfigInput[K]> extends readonly unknown[] ? ConfigInput[K] : Partial<NonNullable<ConfigInput[K]>>;
};

export interface FixtureScanOptions {
  /** Site folder to serve; default the demo site. */
  root?: string;
  /** Config changes on top of the demo config (deep-merged one level: site, crawl, ...). */
  config?: (sites: FixtureSites) => ConfigPatch;
  asOf?: string;
  linksOnly?: boolean;
  /** Reuse running servers (e.g. to count requests across two scans). */
  sites?: FixtureSites;
  /** Reuse a store (e.g. two scans of one site). */
  store?: ScanStore;
}

export interface FixtureScan {
  findings: FindingsJson;
  artifacts: Record<string, unknown>;
  outcome: ScanOutcome;
  scanDir: string;
  sites: FixtureSites;
  store: ScanStore;
  /** Stops the servers (when this call started them) and removes the temp folder. */
  cleanup(): Promise<void>;
}

/** Scans a fixture site end to end over real HTTP on 127.0.0.1, into a temp folder. */
export async function scanFixture(options: FixtureScanOptions = {}): Promise<FixtureScan> {
  const sites = options.sites ?? (await startFixtureSites(options.root));
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'gov-inspector-test-'));
  const store = options.store ?? new MemoryScanStore(tmp);
  // Reports other than findings.json and report.html cost seconds each (PDFs a browser);
  // tests that need more ask for them in `config`.
  const demo = demoConfig(sites.site.origin, sites.external.origin);
  const isDemo = path.resolve(sites.site.root) === path.resolve(DEMO_SITE_DIR);
  // The demo department's office map fits the demo site only; other sites keep the catalogue's offices.
  const base: ConfigInput = { ...demo, ...(isDemo && demoOfficeMap(sites.site.origin)), report: { ...demo.report, formats: ['html', 'json'] } };
  const extra = options.config?.(sites) ?? {};
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = merged[key];
    merged[key] = current && typeof current === 'object' && !Array.isArray(current) && value && typeof value === 'object' && !Array.isArray(value) ? { ...current, ...value } : value;
  }
  // Another fixture site is not the demo: it keeps its own identity unless the test names one.
  const site = merged.site as { id?: string };
  if (!isDemo && !(extra.site && 'id' in extra.site)) delete site.id;
  const config = validateConfig(merged, '测试配置');
  const outcome = await runScan(config, { baseDir: tmp, store, asOf: options.asOf ?? DEMO_AS_OF, linksOnly: options.linksOnly, outDir: path.join(store.rootDir, `scan-${Date.now()}`) });
  return {
    findings: outcome.findings,
    artifacts: await loadArtifacts(outcome.scanDir),
    outcome,
    scanDir: outcome.scanDir,
    sites,
    store,
    async cleanup() {
      if (!options.sites) await sites.stop();
      if (!options.store) await rm(tmp, { recursive: true, force: true });
    },
  };
}

/** Strips the random loopback origins so assertions read like the fixture's own paths. */
export function localPath(url: string, sites: FixtureSites): string {
  return url.replace(sites.site.origin, '').replace(sites.external.origin, 'EXT');
}

import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { validateConfig } from '../../config/load.ts';
import { runDemoYear, fillLedger } from '../../demo/annual-year.ts';
import { startDemoSites } from '../../demo/fixture-server.ts';
import { demoConfig, demoOfficeMap, DEMO_AS_OF, DEMO_REGISTER } from '../../demo/demo-config.ts';
import { UsageError } from '../../errors.ts';
import { LowdbScanStore } from '../../store/lowdb-store.ts';
import { annualCommand } from './annual.ts';
import { applyFlags, checkAsOf, runWithProgress } from './scan.ts';
import { triageDemoProblems } from '../../demo/annual-year.ts';
import { triageCommand } from './triage.ts';

/** Serves the bundled demo site on 127.0.0.1 and scans it: the first thing a new user runs. */
export async function demoCommand(opts: { out?: string; asOf?: string; browser: boolean; year?: boolean }): Promise<number> {
  if (opts.year) return demoYear(opts);
  checkAsOf(opts.asOf);
  const sites = await startDemoSites();
  try {
    process.stderr.write(`示例网站已启动：${sites.site.origin}/\n`);
    const config = applyFlags(validateConfig({ ...demoConfig(sites.site.origin, sites.external.origin), ...demoOfficeMap(sites.site.origin), disclosure: { register: DEMO_REGISTER } }, '示例配置'), { browser: opts.browser });
    await runWithProgress(config, process.cwd(), { out: opts.out && path.resolve(opts.out), asOf: opts.asOf ?? DEMO_AS_OF });
    // The demo site is unqualified on purpose; the demo succeeded when the scan and reports completed.
    return 0;
  } finally {
    await sites.stop();
  }
}

/** A folder the year demo may (re)write: missing, empty, or a previous year demo's. */
async function prepareYearDir(dir: string): Promise<void> {
  if (existsSync(dir) && (await readdir(dir)).length > 0) {
    const index = path.join(dir, 'index.json');
    const previous = existsSync(index) && readFileSync(index, 'utf8').includes('示例市生态环境局') && existsSync(path.join(dir, 'demo-site'));
    if (!previous) throw new UsageError(`参数 --out 的值 ${JSON.stringify(dir)} 无效：目录已存在且不是示例年度的输出，请换一个目录`);
    await rm(dir, { recursive: true, force: true });
  }
  await mkdir(dir, { recursive: true });
}

/**
 * `demo --year`: a year of quarterly checks of a demo department site in a minute — three
 * scans (Q1–Q3 of 2026, Q4 left out), the first quarter's ledger filled in and imported as
 * the offices would — then the annual summary and 年度报表 figures from the store.
 */
async function demoYear(opts: { out?: string; browser: boolean }): Promise<number> {
  const storeDir = path.resolve(opts.out ?? 'gov-inspector-demo-year');
  await prepareYearDir(storeDir);
  const sites = await startDemoSites();
  const store = new LowdbScanStore(storeDir);
  try {
    process.stderr.write(`示例网站已启动：${sites.site.origin}/，依次检查 2026 年第一至第三季度（第四季度不检查）……\n`);
    await runDemoYear({
      site: sites.site,
      externalOrigin: sites.external.origin,
      workDir: path.join(storeDir, 'demo-site'),
      baseDir: storeDir,
      store,
      async afterScan(outcome, asOf) {
        process.stderr.write(`  ${asOf}：得分 ${outcome.findings.score.total}，问题 ${outcome.findings.findings.length} 个\n`);
        if (asOf !== '2026-03-25') return;
        // The offices answer the first quarter's ledger; the next scans confirm their fixes.
        const ledger = path.join(outcome.scanDir, 'ledger.xlsx');
        await fillLedger(ledger);
        await triageCommand(undefined, { import: ledger, store: storeDir });
        await triageDemoProblems(store, outcome);
      },
    });
  } finally {
    await sites.stop();
  }
  const { code } = await annualCommand({ year: '2026', store: storeDir, format: opts.browser ? 'html,md,xlsx,json,pdf' : 'html,md,xlsx,json', browser: opts.browser });
  return code;
}

import path from 'node:path';
import { validateConfig } from '../../config/load.ts';
import { startDemoSites } from '../../demo/fixture-server.ts';
import { demoConfig, DEMO_AS_OF, DEMO_REGISTER } from '../../demo/demo-config.ts';
import { applyFlags, checkAsOf, runWithProgress } from './scan.ts';

/** Serves the bundled demo site on 127.0.0.1 and scans it: the first thing a new user runs. */
export async function demoCommand(opts: { out?: string; asOf?: string; browser: boolean }): Promise<number> {
  checkAsOf(opts.asOf);
  const sites = await startDemoSites();
  try {
    process.stderr.write(`示例网站已启动：${sites.site.origin}/\n`);
    const config = applyFlags(validateConfig({ ...demoConfig(sites.site.origin, sites.external.origin), disclosure: { register: DEMO_REGISTER } }, '示例配置'), { browser: opts.browser });
    await runWithProgress(config, process.cwd(), { out: opts.out && path.resolve(opts.out), asOf: opts.asOf ?? DEMO_AS_OF });
    // The demo site is unqualified on purpose; the demo succeeded when the scan and reports completed.
    return 0;
  } finally {
    await sites.stop();
  }
}

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../../src/demo/fixture-server.ts';
import { browserForTests } from '../helpers/browser.ts';
import { localPath, startFixtureSites, type FixtureScan, type FixtureSites } from '../helpers/fixture-scan.ts';
import { scanVariant } from './scan-variant.ts';

const { skipReason } = browserForTests();

/** The one fidelity test with the browser on: script-drawn widgets are verified, toggled menus stay no 暗链. */
describe.skipIf(skipReason !== null)(`script widgets verified in the browser${skipReason ? `（跳过：${skipReason}）` : ''}`, () => {
  let sites: FixtureSites;
  let scan: FixtureScan;
  beforeAll(async () => {
    sites = await startFixtureSites(path.join(FIXTURES_DIR, 'fidelity'));
    scan = await scanVariant(sites, 'clean', { browser: true, followCountyHost: true });
  }, 180_000);
  afterAll(async () => {
    await scan?.cleanup();
    await sites?.stop();
  });

  it('reads the badge the footer script draws into div.dzjg.j-gov, with no manual item left', () => {
    expect(scan.findings.siteIdentity).toMatchObject({ partyGovLogo: true, errorReport: true, siteCode: 'bm17000001' });
    const facts = (scan.artifacts.siteIdentity as { facts: { partyGovLogo: string; widgetsRendered: { ok: boolean } } }).facts;
    expect(facts.partyGovLogo).toContain('bszs.conac.cn');
    expect(facts.widgetsRendered.ok).toBe(true);
    expect(scan.findings.findings.filter((f) => f.indicator === 'manual.identity-widget')).toEqual([]);
  });

  it('keeps toggled menus, tabs, credit and 纠错 links out of 暗链 with computed styles too', () => {
    const cs = scan.artifacts.contentSafety as { browser: { used: boolean }; hiddenLinks: { href: string; dismissed?: string | null; browser: string }[] };
    expect(cs.browser.used).toBe(true);
    expect(scan.findings.findings.filter((f) => f.check === 'hidden-links').map((f) => [f.title, localPath(f.url ?? '', sites)])).toEqual([]);
    expect(scan.findings.findings.filter((f) => f.severity === 'veto')).toEqual([]);
  });
});

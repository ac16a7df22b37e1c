import { isIP } from 'node:net';
import { RobotsRules } from '../crawl/robots.ts';
import type { GatherContext, Gatherer } from '../gather/types.ts';
import type { IsoDate } from '../types.ts';
import { TOOL_VERSION } from '../version.ts';
import { readIdentity, type IdentityFacts } from './identity.ts';
import { articleDateOf, articleTitleOf } from './page-facts.ts';
import { scanState } from './page-index.ts';
import { findSearchForm, runSearchProbe, type SearchForm, type SearchProbe } from './search-probe.ts';
import type { HomepageEntries, SiteIdentityArtifact } from './types.ts';
import type { CheerioAPI } from 'cheerio';
import { metaContent } from '../crawl/page-memo.ts';

interface State {
  facts: IdentityFacts | null;
  form: SearchForm | null;
  declaredDomain: string | null;
  homepageSeen: boolean;
  latest: { title: string; url: string; date: IsoDate } | null;
  entries: HomepageEntries | null;
}

const ACCESSIBLE_ENTRY = /无障碍|读屏|盲人/;
const LANGUAGE_ENTRY = /^(english|en|english version|français|русский|日本語|한국어|español|deutsch)$|外文版|英文版|多语/i;

/** The homepage's 无障碍 and foreign-language links, by their text (or title / alt). */
function homepageEntries($: CheerioAPI, base: string): HomepageEntries {
  const links = $('a[href]')
    .toArray()
    .map((a) => {
      const el = $(a);
      const text = (el.text().trim() || el.attr('title') || el.find('img').attr('alt') || '').replace(/\s+/g, ' ').trim();
      try {
        return { text, url: new URL(el.attr('href')!, base).href };
      } catch {
        return null;
      }
    })
    .filter((l): l is { text: string; url: string } => l !== null && l.text !== '' && !/^(javascript|mailto|tel):/i.test(l.url));
  return { accessibility: links.find((l) => ACCESSIBLE_ENTRY.test(l.text)) ?? null, languages: links.filter((l) => LANGUAGE_ENTRY.test(l.text)) };
}

const states = new WeakMap<GatherContext, State>();
const stateOf = (ctx: GatherContext) => scanState(states, ctx, (): State => ({ facts: null, form: null, declaredDomain: null, homepageSeen: false, latest: null, entries: null }));

/** Runs in the page: the badge and 找错 links or pictures the footer scripts drew. */
const READ_WIDGETS = String.raw`() => {
  const hrefOf = (re) => { for (const a of document.querySelectorAll('a[href]')) if (re.test(a.href) || [...a.querySelectorAll('img')].some((i) => re.test(i.src) || re.test(i.alt || ''))) return a.href; return null; };
  const imgOf = (re) => { for (const i of document.querySelectorAll('img[src]')) if (re.test(i.src)) return i.src; return null; };
  return {
    logo: hrefOf(/conac\.cn|党政机关/) || imgOf(/conac\.cn|\/red\.png|dzjg/),
    jiucuo: hrefOf(/zfwzzc\.www\.gov\.cn|pucha\.kaipuyun\.cn|errorInfo|jiucuo|找错/),
  };
}`;

/**
 * Opens the homepage in the browser to read widgets a script draws (the badge, the 找错
 * button). Without a browser the facts keep the placeholders and the check asks a person.
 */
async function renderWidgets(facts: IdentityFacts, ctx: GatherContext): Promise<void> {
  const got = await ctx.browser.get();
  if (!got.ok) {
    facts.widgetsRendered = { ok: false, note: got.reason };
    return;
  }
  const page = await got.browser.newPage();
  try {
    await page.goto(ctx.homepageUrl, { waitUntil: 'load', timeout: Math.max(ctx.config.crawl.timeoutMs, 15_000) }).catch((err: Error) => {
      if (!/Timeout/i.test(err.message)) throw err;
    });
    const found = (await page.evaluate(`(${READ_WIDGETS})()`)) as { logo: string | null; jiucuo: string | null };
    if (facts.partyGovLogoScript && found.logo) {
      facts.partyGovLogo = found.logo;
      facts.partyGovLogoScript = null;
    }
    if (facts.errorReportScript && found.jiucuo) {
      facts.errorReport = found.jiucuo;
      facts.errorReportScript = null;
    }
    facts.widgetsRendered = { ok: true, note: '已在浏览器中打开首页读取脚本生成的标识' };
  } catch (err) {
    facts.widgetsRendered = { ok: false, note: `浏览器打开首页失败：${(err as Error).message.split('\n')[0]}` };
  } finally {
    await page.close().catch(() => {});
  }
}

export const identityGatherer: Gatherer<SiteIdentityArtifact> = {
  name: 'siteIdentity',
  onPage(page, ctx) {
    const state = stateOf(ctx);
    if (page.depth === 0 || page.url === ctx.homepageUrl) {
      state.homepageSeen = true;
      state.facts = readIdentity(page.$, page.links);
      state.form = findSearchForm(page.$, page.finalUrl);
      state.declaredDomain = metaContent(page.$, 'SiteDomain')?.trim() || null;
      state.entries = homepageEntries(page.$, page.finalUrl);
      return;
    }
    // The search is tried with the newest article's title, as a visitor looking for it would.
    const date = articleDateOf(page.$);
    if (date && date <= ctx.asOf && (!state.latest || date > state.latest.date)) {
      const title = articleTitleOf(page.$, page.title);
      if (title.length >= 6) state.latest = { title, url: page.finalUrl, date };
    }
  },
  async finish(ctx) {
    const state = stateOf(ctx);
    if (state.facts && (state.facts.partyGovLogoScript || state.facts.errorReportScript)) await renderWidgets(state.facts, ctx);
    const home = new URL(ctx.homepageUrl);
    const hostname = home.hostname.replace(/^\[|\]$/g, '');
    const testHost = isIP(hostname) !== 0 || hostname === 'localhost';
    const cfg = ctx.config.disclosure.search;
    const robots = new RobotsRules(ctx.fetcher, ctx.config.crawl.userAgent.replace('{version}', TOOL_VERSION), cfg.respectRobots && ctx.config.crawl.robots);
    const search: SearchProbe = cfg.enabled
      ? await runSearchProbe({
          fetcher: ctx.fetcher,
          form: state.form,
          endpoints: cfg.endpoints,
          origin: home.origin,
          article: state.latest,
          noResults: new RegExp(cfg.noResultsPattern, 'i'),
          allowed: (url) => robots.isAllowed(url),
        })
      : { tried: false, reason: '配置关闭了站内搜索检查（disclosure.search.enabled）', form: state.form, endpoint: null, url: null, query: null, expectedUrl: null, status: null, error: null, works: null, matched: null };
    return {
      homepageUrl: ctx.homepageUrl,
      homepageError: state.homepageSeen ? null : '首页未能打开，无法读取网站标识',
      facts: state.facts,
      host: home.host,
      https: home.protocol === 'https:',
      govCn: testHost ? null : /\.gov\.cn$/i.test(hostname),
      declaredDomain: state.declaredDomain,
      search,
      ...(state.entries ? { entries: state.entries } : {}),
    };
  },
};

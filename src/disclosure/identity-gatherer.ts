import { isIP } from 'node:net';
import { RobotsRules } from '../crawl/robots.ts';
import type { GatherContext, Gatherer } from '../gather/types.ts';
import type { IsoDate } from '../types.ts';
import { TOOL_VERSION } from '../version.ts';
import { readIdentity, type IdentityFacts } from './identity.ts';
import { articleDateOf, articleTitleOf } from './page-facts.ts';
import { scanState } from './page-index.ts';
import { findSearchForm, runSearchProbe, type SearchForm, type SearchProbe } from './search-probe.ts';
import type { SiteIdentityArtifact } from './types.ts';

interface State {
  facts: IdentityFacts | null;
  form: SearchForm | null;
  declaredDomain: string | null;
  homepageSeen: boolean;
  latest: { title: string; url: string; date: IsoDate } | null;
}

const states = new WeakMap<GatherContext, State>();
const stateOf = (ctx: GatherContext) => scanState(states, ctx, (): State => ({ facts: null, form: null, declaredDomain: null, homepageSeen: false, latest: null }));

export const identityGatherer: Gatherer<SiteIdentityArtifact> = {
  name: 'siteIdentity',
  onPage(page, ctx) {
    const state = stateOf(ctx);
    if (page.depth === 0 || page.url === ctx.homepageUrl) {
      state.homepageSeen = true;
      state.facts = readIdentity(page.$, page.links);
      state.form = findSearchForm(page.$, page.finalUrl);
      state.declaredDomain = page.$('meta[name="SiteDomain" i]').attr('content')?.trim() || null;
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
    };
  },
};

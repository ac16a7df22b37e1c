import type { CheerioAPI } from 'cheerio';
import type { ExtractedLink } from '../crawl/types.ts';
import { cleanBodyText, metaContent } from '../crawl/page-memo.ts';
import { clean } from './page-facts.ts';

/** What a homepage shows of the identifiers 47号 requires in the footer. */
export interface IdentityFacts {
  /** 网站标识码 and where it was read (meta SiteIDCode or footer text). */
  siteCode: string | null;
  siteCodeSource: 'meta' | 'footer' | null;
  /** A code was shown but is not 10 digits. */
  siteCodeInvalid: string | null;
  icp: string | null;
  psb: string | null;
  /** Link or script of the 党政机关网站标识 (conac.cn). */
  partyGovLogo: string | null;
  /** Link or script of 「我为政府网站找错」. */
  errorReport: string | null;
  sponsor: string | null;
  contact: string | null;
  sitemap: string | null;
  /**
   * Placeholders a script fills with the badge / the 找错 button (`div.dzjg.j-gov`,
   * `j-jiucuo`, a site's own jiucuo.js) when the HTML has no link: what to verify in a browser.
   */
  partyGovLogoScript?: string | null;
  errorReportScript?: string | null;
  /** Outcome of rendering the homepage to read those widgets (null: not rendered). */
  widgetsRendered?: { ok: boolean; note: string } | null;
}

/** A 网站标识码: 10 digits, or a ministry's `bm` + 8 digits. */
export const SITE_CODE = /^(\d{10}|bm\d{8})$/i;

const ICP = /([\u4e00-\u9fa5]{1,2}ICP[备證证]\s*\d{6,12}号(?:-\d+)?)/i;
const PSB = /([\u4e00-\u9fa5]{1,2}公网安备\s*\d{10,16}\s*号?)/;
const SITE_CODE_TEXT = /(?:网站)?标识码\s*[:：︰]?\s*((?:bm)?[0-9A-Za-z]{4,16})/i;
/** Links of the 找错 button: the national platform, Kaipu's jiucuo, a site's errorInfo page. */
const ERROR_REPORT_URL = /zfwzzc\.www\.gov\.cn|pucha\.kaipuyun\.cn|\/errorInfo|jiucuo/i;
/** The 找错 button's picture (zc.png, jiucuo.gif …) or its alt text. */
const ERROR_REPORT_IMG = /(^|\/)(zc|jc|jiucuo|zhaocuo)[\w-]*\.(png|gif|jpe?g|svg)/i;
const SPONSOR = /主办(?:单位)?\s*[:：]\s*([^\s|｜，,;；]{2,40})/;
const PHONE = /(?:电话|联系方式|热线|Tel)\s*[:：]?\s*((?:\d{3,4}-)?\d{7,8}|1\d{10}|12\d{3})/i;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

/** Reads the identity elements from a parsed homepage and its links. */
export function readIdentity($: CheerioAPI, links: ExtractedLink[]): IdentityFacts {
  const text = cleanBodyText($);
  const metaCode = clean(metaContent($, 'SiteIDCode'));
  const footerCode = SITE_CODE_TEXT.exec(text)?.[1] ?? null;
  const code = metaCode || footerCode || null;
  const valid = code !== null && SITE_CODE.test(code);
  // Scripts count too: real footers load the badge and the 找错 button from conac / zfwzzc scripts.
  const scripts = $('script[src]').map((_, el) => $(el).attr('src') ?? '').get();
  const targets = [...links.map((l) => ({ url: l.url, text: l.text })), ...scripts.map((s) => ({ url: s, text: '' }))];
  const conac = targets.find((t) => /(^|\/\/|\.)conac\.cn/i.test(t.url) || /党政机关网站标识/.test(t.text))?.url ?? null;
  const imageLink = $('a[href]')
    .filter((_, a) => $(a).find('img').toArray().some((img) => ERROR_REPORT_IMG.test($(img).attr('src') ?? '') || /找错/.test($(img).attr('alt') ?? '')))
    .first()
    .attr('href');
  const jiucuo =
    targets.find((t) => /zfwzzc\.www\.gov\.cn/i.test(t.url) || /我为政府网站找错|政府网站找错/.test(t.text))?.url ??
    // The picture button a visitor sees comes before any other link to an error-report page.
    (imageLink ? (links.find((l) => l.url.endsWith(imageLink.replace(/^\.?\//, '')))?.url ?? imageLink) : null) ??
    links.find((l) => l.kind === 'a' && ERROR_REPORT_URL.test(l.url) && !/\.js(\?|$)/i.test(l.url))?.url ??
    ($('#_jiucuo_').attr('src') || null);
  // Placeholders a script fills in: the HTML alone cannot say whether the widget shows.
  const logoWidget = $('.j-gov, .dzjg, #_ideConac').filter((_, el) => !$(el).find('a, img').length).first();
  const jiucuoWidget = $('.j-jiucuo, #_jiucuo').filter((_, el) => !$(el).find('a, img').length).first();
  const jiucuoScript = scripts.find((src) => /jiucuo|zhaocuo/i.test(src));
  const sitemap = links.find((l) => l.kind === 'a' && /网站地图|站点地图/.test(l.text))?.url ?? null;
  const phone = PHONE.exec(text)?.[1] ?? null;
  const email = EMAIL.exec(text)?.[0] ?? null;
  const contactLink = links.find((l) => l.kind === 'a' && /联系我们|联系方式/.test(l.text))?.url ?? null;
  return {
    siteCode: valid ? code : null,
    siteCodeSource: valid ? (metaCode === code ? 'meta' : 'footer') : null,
    siteCodeInvalid: code !== null && !valid ? code : null,
    icp: ICP.exec(text)?.[1].replace(/\s+/g, '') ?? null,
    psb: PSB.exec(text)?.[1].replace(/\s+/g, ' ').trim() ?? null,
    partyGovLogo: conac,
    errorReport: jiucuo,
    sponsor: SPONSOR.exec(text)?.[1] ?? null,
    contact: phone ? `电话 ${phone}` : email ? `邮箱 ${email}` : contactLink,
    sitemap,
    partyGovLogoScript: conac ? null : logoWidget.length ? describeWidget(logoWidget.get(0)!) : null,
    errorReportScript: jiucuo ? null : jiucuoWidget.length ? describeWidget(jiucuoWidget.get(0)!) : jiucuoScript ? `脚本 ${jiucuoScript}` : null,
    widgetsRendered: null,
  };
}

function describeWidget(el: { name: string; attribs: Record<string, string> }): string {
  return `${el.name}${el.attribs.id ? `#${el.attribs.id}` : ''}${el.attribs.class ? `.${el.attribs.class.trim().split(/\s+/).join('.')}` : ''}`;
}

import type { CheerioAPI } from 'cheerio';
import type { ExtractedLink } from '../crawl/types.ts';
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
}

const ICP = /([\u4e00-\u9fa5]{1,2}ICP[备證证]\s*\d{6,12}号(?:-\d+)?)/i;
const PSB = /([\u4e00-\u9fa5]{1,2}公网安备\s*\d{10,16}\s*号?)/;
const SITE_CODE_TEXT = /网站标识码\s*[:：]?\s*([0-9A-Za-z]{4,16})/;
const SPONSOR = /主办(?:单位)?\s*[:：]\s*([^\s|｜，,;；]{2,40})/;
const PHONE = /(?:电话|联系方式|热线|Tel)\s*[:：]?\s*((?:\d{3,4}-)?\d{7,8}|1\d{10}|12\d{3})/i;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

/** Reads the identity elements from a parsed homepage and its links. */
export function readIdentity($: CheerioAPI, links: ExtractedLink[]): IdentityFacts {
  const text = clean($('body').text());
  const metaCode = clean($('meta[name="SiteIDCode" i]').attr('content'));
  const footerCode = SITE_CODE_TEXT.exec(text)?.[1] ?? null;
  const code = metaCode || footerCode || null;
  const valid = code !== null && /^\d{10}$/.test(code);
  // Scripts count too: real footers load the badge and the 找错 button from conac / zfwzzc scripts.
  const scripts = $('script[src]').map((_, el) => $(el).attr('src') ?? '').get();
  const targets = [...links.map((l) => ({ url: l.url, text: l.text })), ...scripts.map((s) => ({ url: s, text: '' }))];
  const conac = targets.find((t) => /(^|\/\/|\.)conac\.cn/i.test(t.url) || /党政机关网站标识/.test(t.text))?.url ?? null;
  const jiucuo =
    targets.find((t) => /zfwzzc\.www\.gov\.cn/i.test(t.url) || /我为政府网站找错|政府网站找错/.test(t.text))?.url ??
    ($('#_jiucuo_').attr('src') || null);
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
  };
}

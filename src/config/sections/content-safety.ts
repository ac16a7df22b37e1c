import { z } from 'zod';

const hiddenLinks = z
  .object({
    /** Confirm hidden links with computed styles in the browser (when one is available). */
    browserConfirm: z.boolean().default(true),
    /** Most pages opened in the browser: pages with hidden-link candidates first, then the homepage. */
    browserMaxPages: z.number().int().nonnegative().default(20),
  })
  .strict();

const outbound = z
  .object({
    /** Most outside target pages fetched to see whether they now carry gambling or porn content. */
    maxFetches: z.number().int().nonnegative().default(40),
    /** Distinct sensitive words in a target's text (besides its title) that mark it as a spam page. */
    minTextHits: z.number().int().positive().default(2),
  })
  .strict();

const privacy = z
  .object({
    /** Report unmasked resident ID numbers (GB 11643 checksum validated). */
    idNumbers: z.boolean().default(true),
    /** Report unmasked mobile numbers (as warnings: offices often publish contact numbers on purpose). */
    mobiles: z.boolean().default(true),
  })
  .strict();

const tamper = z
  .object({
    /** Homepage text similarity to the previous scan (0–1, MinHash estimate) below which the change is reported. */
    minSimilarity: z.number().min(0).max(1).default(0.5),
  })
  .strict();

/**
 * Hosts a hidden link may lead to without being 暗链 (besides the site's own hosts and
 * site.extraHosts, always allowed): filing records, the party-and-government badge, the
 * error-report platforms and the CMS vendors whose credit links templates hide. A host
 * matches itself and its subdomains.
 */
export const DEFAULT_ALLOWED_HOSTS = [
  'beian.gov.cn',
  'beian.miit.gov.cn',
  'conac.cn',
  'zfwzzc.www.gov.cn',
  'pucha.kaipuyun.cn',
  'kaipuyun.cn',
  'ucap.com.cn',
  'trs.com.cn',
  'trs.cn',
  'hanweb.com',
  'hanweb.cn',
  'phome.net',
  'dedecms.com',
  'phpcms.cn',
];

/** Content safety: hidden links, outbound links, wrong expressions, sensitive words, privacy, tampering. */
export const contentSafetySection = z
  .object({
    /**
     * Lexicons: bundled names (config/lexicons/<name>.yaml) or paths relative to the config
     * file. Add your own file to extend the defaults; drop a default to replace it.
     */
    lexicons: z.array(z.string().min(1)).default(['wrong-expressions', 'sensitive-words', 'allow-list']),
    /** Extra allow phrases: a hit inside one of these is a legitimate use (e.g. 严厉打击六合彩). */
    allow: z.array(z.string().min(1)).default([]),
    /** Regular expressions of page URLs whose text is not matched against the lexicon. */
    allowUrls: z.array(z.string().min(1)).default([]),
    /** Hits kept per page and kind, and in all (a hacked site repeats the same hit on every page). */
    maxHitsPerPage: z.number().int().positive().default(10),
    maxHits: z.number().int().positive().default(2000),
    /** Hosts hidden links may lead to without being 暗链 (see DEFAULT_ALLOWED_HOSTS); replace the list to change it. */
    allowedHosts: z.array(z.string().min(1)).default(DEFAULT_ALLOWED_HOSTS),
    hiddenLinks: hiddenLinks.default(hiddenLinks.parse({})),
    outbound: outbound.default(outbound.parse({})),
    privacy: privacy.default(privacy.parse({})),
    tamper: tamper.default(tamper.parse({})),
  })
  .strict();

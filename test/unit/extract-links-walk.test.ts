import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, type CheerioAPI } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { extractLinks, jsonLdUrls, srcsetUrls } from '../../src/crawl/extract-links.ts';
import { detachedString } from '../../src/crawl/page-memo.ts';
import { parseHtml } from '../../src/crawl/parse-page.ts';
import { normalizeUrl } from '../../src/crawl/url.ts';
import type { ExtractedLink, LinkKind } from '../../src/crawl/types.ts';

/**
 * Oracle: link extraction as it was before the single-walk rewrite (one cheerio selector pass
 * per element kind). The walk must report exactly the same links, kinds, texts and order.
 */
const SOURCES: { selector: string; attr: string; kind: LinkKind }[] = [
  { selector: 'a[href]', attr: 'href', kind: 'a' },
  { selector: 'area[href]', attr: 'href', kind: 'a' },
  { selector: 'img[src]', attr: 'src', kind: 'img' },
  { selector: 'input[type=image][src]', attr: 'src', kind: 'img' },
  { selector: 'script[src]', attr: 'src', kind: 'script' },
  { selector: 'iframe[src]', attr: 'src', kind: 'frame' },
  { selector: 'frame[src]', attr: 'src', kind: 'frame' },
  { selector: 'embed[src]', attr: 'src', kind: 'object' },
  { selector: 'object[data]', attr: 'data', kind: 'object' },
  { selector: 'video[src], audio[src], source[src], track[src]', attr: 'src', kind: 'media' },
  { selector: 'video[poster]', attr: 'poster', kind: 'img' },
];
const RESOURCE_RELS = /(^|\s)(stylesheet|icon|apple-touch-icon|preload|manifest|shortcut)(\s|$)/i;
const ADDRESS_RELS: { rel: RegExp; kind: LinkKind }[] = [
  { rel: /(^|\s)canonical(\s|$)/i, kind: 'canonical' },
  { rel: /(^|\s)alternate(\s|$)/i, kind: 'alternate' },
];
const OPEN_GRAPH_URLS = ['og:url', 'og:image', 'og:image:url', 'og:image:secure_url', 'og:video', 'og:audio'];

function selectorPassLinks($: CheerioAPI, pageUrl: string): ExtractedLink[] {
  const href = $('base[href]').first().attr('href');
  let base = pageUrl;
  try {
    if (href) base = new URL(href, pageUrl).href;
  } catch {
    base = pageUrl;
  }
  const seen = new Set<string>();
  const links: ExtractedLink[] = [];
  const add = (raw: string | undefined, kind: LinkKind, text: string) => {
    if (!raw) return;
    const url = normalizeUrl(raw, base);
    if (!url) return;
    const key = `${kind} ${url}`;
    if (seen.has(key)) return;
    seen.add(key);
    links.push({ url, kind, text });
  };
  for (const { selector, attr, kind } of SOURCES) {
    $(selector).each((_, el) => {
      const $el = $(el);
      const text = kind === 'a' ? $el.text() || $el.attr('title') || $el.find('img').attr('alt') || '' : $el.attr('alt') ?? '';
      add($el.attr(attr), kind, detachedString(text.replace(/\s+/g, ' ').trim().slice(0, 120)));
    });
  }
  $('img[srcset], source[srcset]').each((_, el) => {
    for (const url of srcsetUrls($(el).attr('srcset') ?? '')) add(url, 'img', '');
  });
  $('link[href]').each((_, el) => {
    const rel = $(el).attr('rel') ?? '';
    if (RESOURCE_RELS.test(rel)) add($(el).attr('href'), 'stylesheet', '');
    for (const { rel: re, kind } of ADDRESS_RELS) if (re.test(rel)) add($(el).attr('href'), kind, $(el).attr('hreflang') ?? $(el).attr('title') ?? '');
  });
  $('meta[property], meta[name]').each((_, el) => {
    const name = ($(el).attr('property') ?? $(el).attr('name') ?? '').toLowerCase();
    if (OPEN_GRAPH_URLS.includes(name)) add($(el).attr('content'), 'open-graph', name);
  });
  $('script[type="application/ld+json"]').each((_, el) => {
    for (const url of jsonLdUrls($(el).text())) add(url, 'json-ld', '');
  });
  return links;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.s?html?$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Both trees the crawler builds: htmlparser2 (depth-capped) and parse5 (the stray-end-tag re-parse). */
function expectSameLinks(html: string, pageUrl: string, label: string) {
  for (const $ of [parseHtml(html, false).$, load(html)]) {
    expect(extractLinks($, pageUrl), label).toEqual(selectorPassLinks($, pageUrl));
  }
}

const EDGE_CASES = [
  // Anchor labels: text, then title, then the first image's alt (only the first image counts).
  '<a href="/1">  多个\n 空白  </a><a href="/2" title="标题"></a><a href="/3"><img src="/i.png"><img alt="second"></a><a href="/4"><span><img alt="图"></span></a>',
  // The first text seen for a URL and kind wins, across groups (a before area).
  '<map><area href="/x" alt="area"></map><a href="/x">anchor</a><a href="/x">again</a><a href="">empty</a><a>none</a>',
  // Case-insensitive type values, uppercase markup, attributes without values.
  '<INPUT TYPE="IMAGE" SRC="/btn.png" ALT="提交"><input type="imagex" src="/no.png"><SCRIPT TYPE="Application/LD+JSON">{"url":"/ld"}</SCRIPT><script src="/s.js" type="application/ld+json">{"image":"/both"}</script>',
  // Base href: the first one with href; later ones and empty ones ignored.
  '<base target="_blank"><base href="/sub/"><base href="/other/"><a href="x.html">x</a>',
  '<base href=""><a href="x.html">x</a><base href="http://[bad"><img src="y.png">',
  // Comments are not links; CDATA and template contents follow the trees' own rules.
  '<!-- <a href="/commented">c</a> --><template><a href="/tpl">t</a></template><svg><a href="/svg"><text>图</text></a><![CDATA[<a href="/cdata">]]></svg>',
  // Media, posters, srcset on img and source, objects, frames, embeds.
  '<video src="/v.mp4" poster="/p.jpg"><source src="/v.webm" srcset="/a.jpg 1x, /b.jpg 2x"><track src="/t.vtt"></video><audio src="/a.mp3"></audio><picture><source srcset="/c.webp"><img src="/c.jpg" srcset="data:x 1x, /d.jpg 2x" alt="图片"></picture><object data="/o.swf"><embed src="/e.swf"></object><iframe src="/f.html"></iframe><frameset><frame src="/g.html"></frameset>',
  // Link rels and meta names.
  '<link rel="Stylesheet Alternate" href="/s.css" title="样式"><link rel="canonical" href="/c"><link rel="alternate" hreflang="en" href="/en"><link rel="preconnect" href="//cdn"><meta name="og:image" content="/og.png"><meta property="OG:URL" content="/og"><meta property="og:title" content="/no"><meta name="description" content="/no">',
  // Names shared with Object.prototype are just elements.
  '<constructor src="/x"></constructor><toString href="/y"></toString><a href="/z" constructor="1">z</a>',
  // Nested anchors (SVG inside an anchor) each keep all their text.
  '<a href="/outer">外<svg><a href="/inner">内</a></svg>尾</a>',
  // Deep nesting past the parser's cap.
  `${'<div>'.repeat(400)}<a href="/deep">深</a><img src="/deep.png">${'</div>'.repeat(400)}`,
];

describe('link extraction in one walk', () => {
  it('reports the same links, kinds, texts and order as the selector passes on edge cases', () => {
    for (const [i, html] of EDGE_CASES.entries()) expectSameLinks(html, 'http://site.test/dir/page.html', `edge case ${i}`);
  });

  it('reports the same links as the selector passes on every fixture page', () => {
    const files = htmlFiles(join(import.meta.dirname, '../fixtures'));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) expectSameLinks(readFileSync(file, 'utf8'), 'http://site.test/dir/page.html', file);
  });
});

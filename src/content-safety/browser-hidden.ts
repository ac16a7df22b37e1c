import type { Browser, Page } from 'playwright';

/** What the browser saw of one outside link on a rendered page. */
export interface RenderedLink {
  href: string;
  text: string;
  hidden: boolean;
  /** Why it is hidden (Chinese), from computed styles and layout. */
  reasons: string[];
  /** The hidden element is a menu or tab the page's scripts show (same rules as the static pass), or null. */
  toggled?: string | null;
}

/**
 * Runs in the page: every anchor to another host, judged by computed style and layout.
 * Kept as a string because the project compiles without DOM types.
 */
const JUDGE_LINKS = String.raw`(internalHosts) => {
  const out = [];
  const docW = Math.max(document.documentElement.scrollWidth, innerWidth);
  const docH = Math.max(document.documentElement.scrollHeight, innerHeight);
  const rgb = (c) => { const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c); return m ? { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] } : null; };
  const bgOf = (el) => { for (let e = el; e; e = e.parentElement) { const s = getComputedStyle(e); if (s.backgroundImage && s.backgroundImage !== 'none') return null; const c = rgb(s.backgroundColor); if (c && c.a > 0) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '');
  const scripts = [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent || '').join('\n') + [...document.querySelectorAll('[onclick],[onmouseover],[onmouseenter]')].map((e) => (e.getAttribute('onclick') || '') + (e.getAttribute('onmouseover') || '') + (e.getAttribute('onmouseenter') || '')).join('\n');
  const handled = (e) => e && (e.hasAttribute('onclick') || e.hasAttribute('onmouseover') || e.hasAttribute('onmouseenter'));
  const toggledBy = (e) => {
    const cls = (typeof e.className === 'string' ? e.className.trim().split(/\s+/)[0] : '') || '';
    if (cls && e.parentElement && [...e.parentElement.children].some((s) => s !== e && s.tagName === e.tagName && (s.className || '').trim().split(/\s+/)[0] === cls && getComputedStyle(s).display !== 'none')) return '与同类元素 ' + name(e) + ' 组成选项卡，由脚本切换显示';
    const names = [e.id, ...((typeof e.className === 'string' ? e.className : '').trim().split(/\s+/))].filter((n) => n && n.length >= 2);
    const named = names.find((n) => scripts.includes(n));
    if (named) return '元素 ' + name(e) + ' 由页面脚本控制显示（脚本引用「' + named + '」）';
    const before = e.previousElementSibling;
    if (handled(e.parentElement) || handled(before) || (before && before.querySelector('[onclick],[onmouseover],[onmouseenter]'))) return '元素 ' + name(e) + ' 为菜单或选项卡内容，点击或悬停时显示';
    return null;
  };
  for (const a of document.querySelectorAll('a[href]')) {
    let url;
    let toggled = null;
    try { url = new URL(a.href, location.href); } catch { continue; }
    if (!/^https?:$/.test(url.protocol) || internalHosts.includes(url.host) || internalHosts.includes(url.hostname)) continue;
    const reasons = [];
    const s = getComputedStyle(a);
    if (!a.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })) {
      let why = '不可见';
      for (let e = a; e; e = e.parentElement) {
        const es = getComputedStyle(e);
        if (es.display === 'none') { why = (e === a ? '链接本身' : '所在元素 ' + name(e)) + ' 计算样式 display:none'; toggled = toggledBy(e); break; }
        if (es.visibility !== 'visible' && e === a) { why = '计算样式 visibility:' + es.visibility; break; }
        if (es.opacity === '0') { why = (e === a ? '链接本身' : '所在元素 ' + name(e)) + ' 计算样式 opacity:0'; break; }
      }
      reasons.push(why);
    } else {
      const r = a.getBoundingClientRect();
      const hasImg = a.querySelector('img,svg,canvas') !== null;
      if (r.width * r.height < 2) reasons.push('渲染尺寸为 0（' + Math.round(r.width) + '×' + Math.round(r.height) + '）');
      else if (r.right + scrollX <= 0 || r.bottom + scrollY <= 0 || r.left + scrollX >= docW || r.top + scrollY >= docH) reasons.push('渲染位置在页面之外（left ' + Math.round(r.left) + 'px, top ' + Math.round(r.top) + 'px）');
      else {
        for (let e = a.parentElement; e && e !== document.body; e = e.parentElement) {
          const es = getComputedStyle(e);
          if (es.overflow !== 'visible' || es.overflowX !== 'visible' || es.overflowY !== 'visible') {
            const er = e.getBoundingClientRect();
            if (er.width * er.height < 2) { reasons.push('所在元素 ' + name(e) + ' 尺寸为 0 且溢出隐藏'); break; }
            if (r.left >= er.right || r.right <= er.left || r.top >= er.bottom || r.bottom <= er.top) { reasons.push('被所在元素 ' + name(e) + ' 裁剪在外'); break; }
          }
        }
        if (!hasImg && parseFloat(s.fontSize) < 2) reasons.push('计算字号为 ' + s.fontSize);
        if (!hasImg) {
          const fg = rgb(s.color);
          const bg = bgOf(a);
          if (fg && bg && Math.abs(fg.r - bg.r) + Math.abs(fg.g - bg.g) + Math.abs(fg.b - bg.b) < 24 && fg.a > 0) reasons.push('文字颜色与背景色相同（' + s.color + '）');
        }
      }
    }
    out.push({ href: url.href, text: (a.textContent || a.title || '').replace(/\s+/g, ' ').trim().slice(0, 120), hidden: reasons.length > 0, reasons, toggled });
  }
  return out;
}`;

export interface RenderResult {
  url: string;
  links: RenderedLink[];
  error: string | null;
}

/**
 * Opens each page in the shared browser and judges every outside link by computed style.
 * A few pages at a time in one context; a page that fails to load is an error entry,
 * never a throw.
 */
export async function judgeLinksInBrowser(browser: Browser, urls: readonly string[], internalHosts: readonly string[], timeoutMs: number, concurrency = 3): Promise<RenderResult[]> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, serviceWorkers: 'block' });
  // Layout needs styles and scripts, not pictures, fonts or video.
  await context.route('**/*', (route) => (['image', 'media', 'font'].includes(route.request().resourceType()) ? route.abort() : route.continue()));
  const results: RenderResult[] = new Array(urls.length);
  const judge = async (page: Page, url: string): Promise<RenderResult> => {
    await page.goto(url, { waitUntil: 'load', timeout: timeoutMs }).catch((err: Error) => {
      // A page still loading slow outside resources can be judged on what is there.
      if (!/Timeout/i.test(err.message)) throw err;
    });
    const links = (await page.evaluate(`(${JUDGE_LINKS})(${JSON.stringify(internalHosts)})`)) as RenderedLink[];
    return { url, links, error: null };
  };
  let next = 0;
  // Each worker reuses one tab: opening a tab per page costs more than the judging.
  const worker = async () => {
    let page = await context.newPage();
    while (next < urls.length) {
      const i = next++;
      try {
        results[i] = await judge(page, urls[i]);
      } catch {
        // A script navigating the page (location.href = ...) destroys the context once; try again in a fresh tab.
        await page.close().catch(() => {});
        page = await context.newPage();
        try {
          results[i] = await judge(page, urls[i]);
        } catch (err) {
          results[i] = { url: urls[i], links: [], error: (err as Error).message.split('\n')[0] };
        }
      }
    }
    await page.close().catch(() => {});
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, worker));
  } finally {
    await context.close().catch(() => {});
  }
  return results;
}

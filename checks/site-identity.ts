import { defineCheck } from '../src/checks/define-check.ts';
import type { FindingDraft, SiteIdentitySection } from '../src/types.ts';

/**
 * 网站标识 (47号): the footer shows 网站标识码, ICP 备案号, 公安机关备案号, 党政机关网站标识,
 * 主办单位, 联系方式 and a 网站地图; a 「我为政府网站找错」 entry; a .gov.cn domain over HTTPS;
 * and a site search that, tried with a recent article's title, finds it.
 */
interface WidgetState {
  kind: 'present' | 'missing' | 'manual';
  evidence: string | null;
}

/**
 * One rule for the footer widgets (badge and 找错 button): a link or official script is
 * present unless its target answered with an error; a target host that could not be
 * reached, or a placeholder only a script fills, is for a person to verify in a browser.
 */
function widgetState(url: string | null, placeholder: string | null, broken: Map<string, { status: number | null; error: string | null }>, rendered: { ok: boolean; note: string } | null): WidgetState {
  if (url) {
    const b = broken.get(url);
    if (!b) return { kind: 'present', evidence: null };
    if (b.status !== null) return { kind: 'missing', evidence: `链接无法打开：${url} 返回 HTTP ${b.status}` };
    return { kind: 'manual', evidence: `来源网站无法访问（${b.error ?? '网络错误'}）：${url}；请在浏览器中核实是否显示` };
  }
  if (placeholder) {
    if (rendered?.ok) return { kind: 'missing', evidence: `页面有脚本占位 ${placeholder}，但浏览器打开首页后仍未显示` };
    return { kind: 'manual', evidence: `由脚本生成（${placeholder}），未用浏览器核实${rendered ? `：${rendered.note}` : ''}；请在浏览器中核实` };
  }
  return { kind: 'missing', evidence: null };
}

export default defineCheck({
  meta: {
    id: 'site-identity',
    title: '网站标识、找错入口和站内搜索合规',
    failureTitle: '网站标识或功能不合规',
    requires: ['siteIdentity', 'links'],
    indicators: ['deduct.site-identity-missing', 'deduct.error-report-missing', 'deduct.search-unavailable', 'deduct.domain-noncompliant', 'warn.https-missing', 'manual.identity-widget', 'manual.search-review'],
  },
  run({ siteIdentity: id, links }) {
    const findings: FindingDraft[] = [];
    const home = id.homepageUrl;
    const brokenBy = new Map(links.broken.map((b) => [b.target, b]));
    const broken = new Set(brokenBy.keys());
    const f = id.facts;
    const logo = f ? widgetState(f.partyGovLogo, f.partyGovLogoScript ?? null, brokenBy, f.widgetsRendered ?? null) : null;
    const jiucuo = f ? widgetState(f.errorReport, f.errorReportScript ?? null, brokenBy, f.widgetsRendered ?? null) : null;
    const search = id.search;
    const section: SiteIdentitySection = {
      siteCode: f?.siteCode ?? null,
      icp: f?.icp ?? null,
      psb: f?.psb ?? null,
      partyGovLogo: logo ? (logo.kind === 'manual' ? null : logo.kind === 'present') : null,
      errorReport: jiucuo ? (jiucuo.kind === 'manual' ? null : jiucuo.kind === 'present') : null,
      search: search.works,
      sponsor: f?.sponsor ?? null,
      contact: f?.contact ?? null,
      sitemap: f ? f.sitemap !== null && !broken.has(f.sitemap) : null,
      https: id.https,
      govCnDomain: id.govCn,
      searchProbe: { url: search.url, query: search.query, status: search.status, reason: search.reason },
    };
    if (f) {
      const missing: [string, string][] = [];
      if (!f.siteCode) missing.push(['网站标识码', f.siteCodeInvalid ? `网站标识码「${f.siteCodeInvalid}」不是 10 位数字（部门网站为 bm 加 8 位数字）` : '页脚和 SiteIDCode 元数据中均无网站标识码']);
      if (!f.icp) missing.push(['ICP备案号', '页脚未显示 ICP 备案号']);
      if (!f.psb) missing.push(['公安机关备案号', '页脚未显示公安机关备案号（公网安备）']);
      if (logo!.kind === 'missing') missing.push(['党政机关网站标识', logo!.evidence ?? '页脚无党政机关网站标识（链接至 bszs.conac.cn）']);
      if (!f.sponsor) missing.push(['主办单位', '页脚未注明主办单位']);
      if (!f.contact) missing.push(['联系方式', '页脚无联系电话、邮箱或“联系我们”']);
      if (!section.sitemap) missing.push(['网站地图', f.sitemap ? `网站地图链接无法打开：${f.sitemap}` : '页脚无网站地图链接']);
      for (const [what, evidence] of missing) {
        findings.push({ indicator: 'deduct.site-identity-missing', title: `页脚缺少${what}`, url: home, evidence, key: `identity:${what}` });
      }
      if (jiucuo!.kind === 'missing') {
        findings.push({
          indicator: 'deduct.error-report-missing',
          title: '未设置「我为政府网站找错」入口',
          url: home,
          evidence: jiucuo!.evidence ?? '首页无「我为政府网站找错」链接或脚本（zfwzzc.www.gov.cn）',
          key: 'identity:error-report',
        });
      }
      for (const [what, state] of [['党政机关网站标识', logo!], ['「我为政府网站找错」入口', jiucuo!]] as const) {
        if (state.kind !== 'manual') continue;
        findings.push({ indicator: 'manual.identity-widget', title: `${what}需人工核查`, url: home, evidence: state.evidence!, key: `identity:widget:${what}` });
      }
    }
    if (search.works === false) {
      findings.push({
        indicator: 'deduct.search-unavailable',
        title: '站内搜索不可用',
        url: search.url ?? home,
        evidence: `${search.query ? `搜索词「${search.query}」：` : ''}${search.reason ?? '未能完成搜索'}`,
        key: 'identity:search',
      });
    }
    if (search.works === null && search.form?.method === 'post') {
      findings.push({ indicator: 'manual.search-review', title: '站内搜索需人工实测', url: search.form.action, evidence: search.reason ?? '搜索表单以 POST 方式提交，未自动检测', key: 'identity:search-manual' });
    }
    if (id.govCn === false) {
      findings.push({ indicator: 'deduct.domain-noncompliant', title: '网站域名不以 .gov.cn 结尾', url: home, evidence: `网站域名为 ${id.host}`, key: 'identity:domain' });
    }
    if (!id.https && id.govCn !== null) {
      findings.push({ indicator: 'warn.https-missing', title: '网站未使用 HTTPS', url: home, evidence: `首页地址为 ${home}`, key: 'identity:https' });
    }
    return {
      findings,
      sections: { siteIdentity: section },
      reason: id.homepageError ?? (id.govCn === null ? `以 ${id.host} 访问（测试地址），域名和 HTTPS 未判断${id.declaredDomain ? `；页面声明的域名为 ${id.declaredDomain}` : ''}` : null),
      details: { ...section, host: id.host, declaredDomain: id.declaredDomain, search, siteCodeSource: f?.siteCodeSource ?? null },
    };
  },
});

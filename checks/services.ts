import { defineCheck } from '../src/checks/define-check.ts';
import { absenceFinding, siteLook } from '../src/checks/site-look.ts';
import type { FindingDraft } from '../src/types.ts';

/**
 * Words of the links that lead to 办事服务, beside the guide titles
 * (disclosure.services.guideKeywords). Not a bare 指南: a 政府信息公开指南 holds no service.
 */
const SERVICE_WORDS = ['办事', '服务', '办理'];

/**
 * 办事服务: the site offers services; each 办事指南 shows the ten key elements; its forms
 * and attachments download. A guide missing `vetoMissingElements` or more elements is a
 * veto (`veto.service-unusable`, threshold [open]); fewer deduct per guide. A department
 * without public services (`site.publicServices: false`) is not judged here.
 */
export default defineCheck({
  meta: {
    id: 'services',
    title: '办事指南要素齐全、表格可下载',
    failureTitle: '办事服务存在问题',
    requires: ['services', 'links', 'disclosure', 'crawl'],
    indicators: ['veto.service-unusable', 'deduct.service-guide-incomplete', 'deduct.service-form-unavailable', 'manual.service-unverified'],
  },
  run({ services, links, disclosure, crawl }, ctx) {
    if (!ctx.config.site.publicServices) return { status: 'na', reason: '配置为无公共服务职能的部门（site.publicServices: false）', findings: [] };
    const cfg = ctx.config.disclosure.services;
    // The office is chosen after the checks (src/score/route-office.ts); the catalogue row is one hint.
    const route = { catalogueItem: 'licensing' };
    const broken = new Map(links.broken.map((b) => [b.target, b]));
    const findings: FindingDraft[] = [];
    if (!services.entries.length && !services.guides.length) {
      // Not found is no evidence when a page that could hold 办事服务 (one linked as 办事, 服务,
      // 办理, 办事指南 ...) could not be read, or a cap cut the crawl.
      const look = siteLook(crawl, ctx.config.crawl, { terms: [...SERVICE_WORDS, ...cfg.guideKeywords] });
      findings.push(
        absenceFinding(
          look,
          { indicator: 'veto.service-unusable', title: '网站未提供办事服务', url: ctx.homepageUrl, route, evidence: '未找到办事服务栏目，也未找到任何办事指南', key: 'services:none' },
          { indicator: 'manual.service-unverified', title: '未找到办事服务，需人工核查' },
        ),
      );
    }
    const guides = services.guides.map((g) => {
      const badForms = g.forms.filter((f) => broken.has(f.url)).map((f) => ({ ...f, status: broken.get(f.url)!.status, error: broken.get(f.url)!.error }));
      return { ...g, badForms };
    });
    for (const g of guides) {
      if (g.missing.length >= cfg.vetoMissingElements) {
        findings.push({ indicator: 'veto.service-unusable', title: `办事指南缺少 ${g.missing.length} 项关键要素：${g.title}`, url: g.url, route, evidence: `缺少：${g.missing.join('、')}`, key: `services:guide:${g.url}` });
      } else if (g.missing.length) {
        findings.push({ indicator: 'deduct.service-guide-incomplete', title: `办事指南要素不全：${g.title}`, url: g.url, route, evidence: `缺少：${g.missing.join('、')}`, key: `services:guide:${g.url}` });
      }
      for (const f of g.badForms) {
        findings.push({
          indicator: 'deduct.service-form-unavailable',
          title: `表格或附件无法下载：${f.text || f.url}`,
          url: g.url,
          route,
          evidence: `${f.url} 返回 ${f.status !== null ? `HTTP ${f.status}` : (f.error ?? '网络错误')}`,
          key: `services:form:${f.url}`,
        });
      }
    }
    const complete = guides.filter((g) => !g.missing.length).length;
    // An entry without a guide read (guides on the 政务服务网, or drawn by script) is no pass: nothing was checked.
    const unchecked = !findings.length && services.entries.length > 0 && !guides.length;
    return {
      findings,
      ...(unchecked && { status: 'manual' as const }),
      reason: unchecked
        ? `找到办事服务入口 ${services.entries.length} 个，未读到办事指南（可能在其他网站如政务服务网上，或由脚本加载），指南要素是否齐全、表格能否下载需人工核查：${services.entries.slice(0, 3).join('、')}`
        : `办事指南 ${guides.length} 份，要素齐全 ${complete} 份`,
      details: { entries: services.entries, elements: services.elements, guides: guides.map((g) => ({ url: g.url, title: g.title, missing: g.missing, missingText: g.missing.join('、'), forms: g.forms.length, badForms: g.badForms })) },
    };
  },
});

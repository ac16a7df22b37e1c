/**
 * What each check examines, in neutral words. A check's `title` is its passing sentence
 * (「无障碍自动检测未发现问题」); a check that did not run must never read like that, so its
 * result is titled with the subject and the report and summary say 未检测 with the reason.
 */
export const CHECK_SUBJECTS: Record<string, string> = {
  accessibility: '无障碍自动检测',
  'column-freshness': '栏目更新情况',
  'elder-friendly': '适老化检测',
  'hidden-links': '暗链检测',
  'homepage-freshness': '首页更新情况',
  interaction: '互动交流渠道',
  interpretation: '政策解读',
  'links-broken': '链接可用性',
  'manual-review': '人工核查清单',
  mobile: '移动端适配检测',
  'new-media': '政务新媒体',
  'outbound-links': '外部链接内容',
  privacy: '个人信息保护',
  'required-items': '主动公开事项',
  services: '办事服务',
  'site-availability': '站点可用性',
  'site-identity': '网站标识、找错入口和站内搜索',
  tampering: '首页篡改监测',
  'wrong-expressions': '错敏词检测',
};

/** The neutral name of a check, for 未检测 lines. */
export function checkSubject(id: string, title: string): string {
  return CHECK_SUBJECTS[id] ?? title;
}

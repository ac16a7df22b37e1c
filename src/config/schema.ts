import { z } from 'zod';
import { siteSection } from './sections/site.ts';
import { crawlSection } from './sections/crawl.ts';
import { storeSection } from './sections/store.ts';
import { monitorSection } from './sections/monitor.ts';
import { cacheSection } from './sections/cache.ts';
import { reportSection } from './sections/report.ts';
import { newMediaSection } from './sections/new-media.ts';
import { columnsSection } from './sections/columns.ts';
import { disclosureSection } from './sections/disclosure.ts';
import { browserSection } from './sections/browser.ts';
import { contentSafetySection } from './sections/content-safety.ts';
import { indicatorsSection } from './sections/indicators.ts';
import { officesSection } from './sections/offices.ts';
import { calendarSection } from './sections/calendar.ts';

/**
 * The whole configuration. This schema is the single source of the Config type, its
 * defaults and the exported JSON Schema. Each feature owns one section file.
 */
export const configSchema = z
  .object({
    site: siteSection,
    newMedia: newMediaSection,
    crawl: crawlSection.default(crawlSection.parse({})),
    columns: columnsSection.default(columnsSection.parse({})),
    disclosure: disclosureSection.default(disclosureSection.parse({})),
    browser: browserSection.default(browserSection.parse({})),
    contentSafety: contentSafetySection.default(contentSafetySection.parse({})),
    indicators: indicatorsSection.default(indicatorsSection.parse({})),
    offices: officesSection.default(officesSection.parse({})),
    report: reportSection.default(reportSection.parse({})),
    calendar: calendarSection.default(calendarSection.parse({})),
    store: storeSection.default(storeSection.parse({})),
    monitor: monitorSection.default(monitorSection.parse({})),
    cache: cacheSection.default(cacheSection.parse({})),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

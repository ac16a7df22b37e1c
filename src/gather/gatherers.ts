import type { Gatherer } from './types.ts';
import { columnsGatherer } from '../columns/columns-gatherer.ts';
import { disclosureGatherer } from '../disclosure/disclosure-gatherer.ts';
import { identityGatherer } from '../disclosure/identity-gatherer.ts';
import { interactionGatherer } from '../disclosure/interaction-gatherer.ts';
import { servicesGatherer } from '../disclosure/services-gatherer.ts';
import { browserAuditsGatherer } from '../accessibility/browser-audits-gatherer.ts';
import { newMediaGatherer } from '../new-media/new-media-gatherer.ts';
import { contentSafetyGatherer } from '../content-safety/content-safety-gatherer.ts';
import { availabilityGatherer } from '../monitor/availability-gatherer.ts';
import { documentsGatherer } from '../disclosure/register/documents-gatherer.ts';
import { registerGatherer } from '../disclosure/register/register-gatherer.ts';

/**
 * Gatherers run on every scan, in this order. `links` and `crawl` are produced by the
 * crawler itself. A scan with `linksOnly` runs none of these.
 */
export const gatherers: Gatherer[] = [
  columnsGatherer,
  disclosureGatherer,
  identityGatherer,
  interactionGatherer,
  servicesGatherer,
  documentsGatherer,
  registerGatherer,
  contentSafetyGatherer,
  newMediaGatherer,
  browserAuditsGatherer,
  availabilityGatherer,
];

/**
 * Every artifact a scan collects, by name. Gatherers produce them (src/crawl/gatherers),
 * the store writes each to `<scan>/artifacts/<name>.json`, and checks declare the ones
 * they read. An artifact that failed to collect is stored as `{ artifactError }`.
 */
import type { CrawlArtifact } from './crawl/crawl-artifact.ts';
import type { LinksArtifact } from './crawl/link-report.ts';
import type { ColumnsArtifact } from './crawl/gatherers/columns.ts';
import type { DisclosureArtifact } from './crawl/gatherers/disclosure.ts';
import type { SiteIdentityArtifact } from './disclosure/identity-gatherer.ts';
import type { InteractionArtifact } from './disclosure/interaction-gatherer.ts';
import type { ServicesArtifact } from './disclosure/services-gatherer.ts';
import type { BrowserAuditsArtifact } from './crawl/gatherers/browser-audits.ts';
import type { NewMediaArtifact } from './crawl/gatherers/new-media.ts';
import type { ContentSafetyArtifact } from './crawl/gatherers/content-safety.ts';
import type { AvailabilityArtifact } from './crawl/gatherers/availability.ts';
import type { DocumentsArtifact, RegisterArtifact } from './disclosure/register/types.ts';

export interface ArtifactTypes {
  crawl: CrawlArtifact;
  links: LinksArtifact;
  columns: ColumnsArtifact;
  disclosure: DisclosureArtifact;
  siteIdentity: SiteIdentityArtifact;
  interaction: InteractionArtifact;
  services: ServicesArtifact;
  browserAudits: BrowserAuditsArtifact;
  newMedia: NewMediaArtifact;
  contentSafety: ContentSafetyArtifact;
  availability: AvailabilityArtifact;
  documents: DocumentsArtifact;
  register: RegisterArtifact;
}

export type ArtifactName = keyof ArtifactTypes;

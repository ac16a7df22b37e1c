/**
 * Every artifact a scan collects, by name. The crawler produces `crawl` and `links`; each
 * domain's gatherer (listed in src/gather/gatherers.ts) produces one more. The store writes
 * each to `<scan>/artifacts/<name>.json`, and checks declare the ones they read. An artifact
 * that failed to collect is stored as `{ artifactError }`. Checks and reports import artifact
 * types from here (or from a domain's types.ts), never from src/crawl/.
 */
import type { CrawlArtifact } from './crawl/crawl-artifact.ts';
import type { LinksArtifact } from './crawl/link-report.ts';
import type { ColumnsArtifact } from './columns/types.ts';
import type { DisclosureArtifact, InteractionArtifact, ServicesArtifact, SiteIdentityArtifact } from './disclosure/types.ts';
import type { BrowserAuditsArtifact } from './accessibility/types.ts';
import type { NewMediaArtifact } from './new-media/types.ts';
import type { ContentSafetyArtifact } from './content-safety/types.ts';
import type { AvailabilityArtifact } from './monitor/types.ts';
import type { DocumentsArtifact, RegisterArtifact } from './disclosure/register/types.ts';

export type { CrawlArtifact } from './crawl/crawl-artifact.ts';
export type { FailedLink, LinksArtifact } from './crawl/link-report.ts';

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

import type { CatalogueItem } from '../config/sections/disclosure.ts';
import type { IsoDate } from '../types.ts';
import type { IdentityFacts } from './identity.ts';
import type { PublishedMessage } from './messages.ts';
import type { SearchProbe } from './search-probe.ts';

/** How an item was found, strongest first. */
export type EvidenceVia = 'directory' | 'link' | 'column' | 'title';

export interface ItemEvidence {
  url: string;
  via: EvidenceVia;
  /** Page carrying the link (for `directory` and `link`). */
  source: string | null;
  /** Link text or the page's column name / title that matched. */
  text: string;
  /** Title of the page the evidence rests on (null for a file or another site's page). */
  title?: string | null;
  /** The link leads to a file (pdf, doc ...) rather than a page; the check asks the link check whether it downloads. */
  attachment: boolean;
  /** The link leaves the site: its content cannot be read, only whether it opens. */
  external: boolean;
}

/** A link whose text names an item but whose page is about something else: never counts. */
export interface RejectedLink {
  item: string;
  source: string;
  target: string;
  text: string;
  targetTitle: string | null;
  reason: string;
}

/** A policy document or an interpretation, with the links it carries (for pairing). */
export interface PolicyPage {
  url: string;
  title: string;
  date: IsoDate | null;
  links: string[];
  /** 起草处室 / 发文机关 / 文号 where the page labels them (for routing the problem to one office). */
  drafter?: string | null;
  issuer?: string | null;
  number?: string | null;
}

/** Disclosure catalogue matches and the policy documents / interpretations seen. */
export interface DisclosureArtifact {
  catalogue: { id: string; name: string; items: CatalogueItem[] };
  /** The 政府信息公开 directory page, when the homepage links one. */
  directoryUrl: string | null;
  pagesIndexed: number;
  /** Item id → evidence, strongest first (empty: not found). */
  evidence: Record<string, ItemEvidence[]>;
  rejected: RejectedLink[];
  /** Item id → years named by its editions (for items with an `edition` rule). */
  editions: Record<string, { year: number; url: string; text: string }[]>;
  policies: PolicyPage[];
  interpretations: PolicyPage[];
}

/** Site identity (47号 footer elements, domain, HTTPS) and the result of trying the site search. */
export interface SiteIdentityArtifact {
  homepageUrl: string;
  /** The homepage could not be read: every element is unknown, not absent. */
  homepageError: string | null;
  facts: IdentityFacts | null;
  host: string;
  https: boolean;
  /** The host ends in .gov.cn; null when the site is reached by IP address or localhost (a test setup). */
  govCn: boolean | null;
  /** SiteDomain meta, shown beside the host for a site reached by IP. */
  declaredDomain: string | null;
  search: SearchProbe;
  /** Homepage links to an accessible-reading mode and to other language versions (annual report form); absent in older scans. */
  entries?: HomepageEntries;
}

export interface HomepageEntries {
  /** 无障碍浏览 entry (a link whose text names it), if any. */
  accessibility: { text: string; url: string } | null;
  /** Links to foreign-language versions (English, 日本語 ...). */
  languages: { text: string; url: string }[];
}

export interface InteractionChannel {
  url: string;
  /** Link text that named it. */
  text: string;
  /** Page carrying the link. */
  source: string;
  /** The page has a submission form (a textarea). */
  hasForm: boolean;
  /** Messages published under it (list pages in the same folder). */
  messageCount: number;
}

/** 咨询/留言 channels and the messages they publish. */
export interface InteractionArtifact {
  channels: InteractionChannel[];
  /**
   * Links named like a channel that are not one: `excluded` (信访, 纪检举报), `unreachable`,
   * `no-channel` (no form and no messages: a message's own page, a news item), or
   * `unreadable` (a board header whose rows a script draws: needs a person, never a veto).
   */
  rejected: { url: string; text: string; reason: string; kind: 'excluded' | 'unreachable' | 'no-channel' | 'unreadable' }[];
  messages: PublishedMessage[];
  /** List pages read (crawled or followed through 下一页). */
  listPages: string[];
  /** List pages that could not be read, with the reason. */
  listErrors: { url: string; reason: string }[];
  /** Channels on other hosts (not in site.extraHosts): listed for a person to open. */
  external: { url: string; text: string; source: string }[];
}

export interface ServiceGuide {
  url: string;
  title: string;
  /** Key elements whose label appears on the page. */
  present: string[];
  /** Key elements the guide lacks. */
  missing: string[];
  /** Forms and attachments offered for download (the check asks the link check whether they open). */
  forms: { url: string; text: string }[];
}

/** 办事服务 entry pages and the 办事指南 pages found. */
export interface ServicesArtifact {
  /** Pages named 办事服务 / 政务服务 / 网上办事 (the service section). */
  entries: string[];
  guides: ServiceGuide[];
  /** The ten key elements in force, in order. */
  elements: string[];
}

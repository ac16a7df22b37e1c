import robotsParserModule from 'robots-parser';
import type { Fetcher } from './types.ts';

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getSitemaps(): string[];
}
/** robots-parser is CommonJS; under NodeNext its default import is the module object. */
const robotsParser = robotsParserModule as unknown as (url: string, text: string) => Robots;

/**
 * robots.txt per origin, fetched once. A missing or failing robots.txt allows everything
 * (as crawlers commonly do); `enabled: false` ignores robots entirely.
 */
export class RobotsRules {
  private readonly cache = new Map<string, Promise<Robots | null>>();

  constructor(private readonly fetcher: Fetcher, private readonly userAgent: string, private readonly enabled: boolean) {}

  async isAllowed(url: string): Promise<boolean> {
    if (!this.enabled) return true;
    const robots = await this.forOrigin(new URL(url).origin);
    return robots?.isAllowed(url, this.userAgent) ?? true;
  }

  /** Sitemap URLs that robots.txt of the origin lists. */
  async sitemaps(origin: string): Promise<string[]> {
    return (await this.forOrigin(origin))?.getSitemaps() ?? [];
  }

  private forOrigin(origin: string): Promise<Robots | null> {
    let entry = this.cache.get(origin);
    if (!entry) {
      entry = this.load(origin);
      this.cache.set(origin, entry);
    }
    return entry;
  }

  private async load(origin: string): Promise<Robots | null> {
    const url = `${origin}/robots.txt`;
    const res = await this.fetcher.fetch(url, { maxBodyBytes: 512 * 1024 });
    if (res.status !== 200 || !res.body) return null;
    return robotsParser(url, res.body.toString('utf8'));
  }
}

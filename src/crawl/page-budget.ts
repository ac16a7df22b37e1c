/**
 * The scan's page budget (crawl.maxPages), shared by every stage that reads pages of the
 * site: the crawl, list paging and the gather stage (column candidates, interaction pages).
 * A URL is charged once, however many stages ask for it.
 */
export class PageBudget {
  private readonly charged = new Set<string>();
  /** Pages refused because the budget was spent, by stage. */
  readonly refused: Record<string, number> = {};

  constructor(readonly max: number) {}

  get used(): number {
    return this.charged.size;
  }

  /** Charges `url` to the budget; false when it is spent (the page must not be fetched). */
  take(url: string, stage: string): boolean {
    if (this.charged.has(url)) return true;
    if (this.charged.size >= this.max) {
      this.refused[stage] = (this.refused[stage] ?? 0) + 1;
      return false;
    }
    this.charged.add(url);
    return true;
  }
}

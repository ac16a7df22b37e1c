import { describe, expect, it } from 'vitest';
import { DATE_SOURCES } from '../../src/columns/date-parse.ts';
import { PageDates } from '../../src/columns/page-dates.ts';

describe('PageDates: one integer per page', () => {
  it('gives back every date and source as set, null for a page without a date, undefined for one not read', () => {
    const dates = new PageDates();
    DATE_SOURCES.forEach((source, i) => dates.set(`/a${i}.html`, { date: `20${10 + i}-0${(i % 9) + 1}-${10 + i}`, source }));
    dates.set('/none.html', null);
    dates.set('/leap.html', { date: '2024-02-29', source: 'label' });
    DATE_SOURCES.forEach((source, i) => expect(dates.get(`/a${i}.html`)).toEqual({ date: `20${10 + i}-0${(i % 9) + 1}-${10 + i}`, source }));
    expect(dates.get('/none.html')).toBeNull();
    expect(dates.get('/leap.html')).toEqual({ date: '2024-02-29', source: 'label' });
    expect(dates.get('/never.html')).toBeUndefined();
  });

  it('keeps a date not written YYYY-MM-DD as it is rather than garbling it', () => {
    const dates = new PageDates();
    dates.set('/odd.html', { date: '2026-1-5', source: 'meta' });
    expect(dates.get('/odd.html')).toEqual({ date: '2026-1-5', source: 'meta' });
  });
});

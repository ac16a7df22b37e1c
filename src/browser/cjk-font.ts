import type { Page } from 'playwright';

/**
 * Does the browser have a font for Chinese? Without one every glyph renders as the same
 * empty box, so two different characters drawn on a canvas come out pixel-identical.
 */
export async function hasCjkFont(page: Page): Promise<boolean> {
  return (await page.evaluate(`(() => {
    const draw = (ch) => {
      const c = document.createElement('canvas');
      c.width = 40; c.height = 40;
      const g = c.getContext('2d');
      g.fillStyle = '#fff'; g.fillRect(0, 0, 40, 40);
      g.fillStyle = '#000'; g.font = '32px sans-serif'; g.textBaseline = 'top';
      g.fillText(ch, 2, 2);
      return Array.from(g.getImageData(0, 0, 40, 40).data).join(',');
    };
    return draw('政') !== draw('府');
  })()`)) as boolean;
}

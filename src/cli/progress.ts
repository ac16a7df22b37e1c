import cliProgress from 'cli-progress';
import type { ScanEvent } from '../crawl/types.ts';

const PHASE_NAMES: Record<string, string> = {
  crawl: '抓取网站并检查链接',
  gather: '专项采集（栏目、公开事项、新媒体、浏览器检查）',
  judge: '评分并生成报告',
};

/**
 * Turns scan events into progress on stderr: a live bar on a TTY, plain lines otherwise
 * (one per phase and one every 100 pages), so logs of CI jobs stay readable.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): { onEvent: (e: ScanEvent) => void; stop: () => void } {
  const tty = Boolean(stream.isTTY);
  let bar: cliProgress.SingleBar | null = null;
  let lastLine = 0;
  let links = 0;
  let warnings = 0;
  const stopBar = () => {
    bar?.stop();
    bar = null;
  };
  return {
    onEvent(e) {
      switch (e.type) {
        case 'phase':
          stopBar();
          stream.write(`[${PHASE_NAMES[e.phase] ?? e.phase}]${e.detail ? ` ${e.detail}` : ''}\n`);
          if (tty && e.phase === 'crawl') {
            bar = new cliProgress.SingleBar(
              { stream, format: '页面 {value}/{total} | 链接已核验 {links} | 警告 {warnings}', hideCursor: true, clearOnComplete: true },
              cliProgress.Presets.shades_classic,
            );
            bar.start(1, 0, { links: 0, warnings: 0 });
          }
          break;
        case 'page':
          if (bar) {
            bar.setTotal(e.done + e.queued);
            bar.update(e.done, { links, warnings });
          } else if (e.done - lastLine >= 100) {
            lastLine = e.done;
            stream.write(`  已抓取 ${e.done} 个页面，待抓取 ${e.queued}，已核验链接 ${links}\n`);
          }
          break;
        case 'link':
          links = e.checked;
          break;
        case 'warning':
          warnings++;
          if (!bar) stream.write(`  警告：${e.message}\n`);
          break;
      }
    },
    stop: stopBar,
  };
}

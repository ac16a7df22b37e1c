import { loadConfigs } from '../../config/load-many.ts';
import { runMonitor } from '../../monitor/run-monitor.ts';

export interface MonitorCliOptions {
  config: string;
  once?: boolean;
  intervalMinutes?: number;
}

/**
 * `gov-inspector monitor`: probes each configured homepage and stores the outcome; runs
 * until interrupted, or once (for cron: every 30 minutes `monitor --once`).
 */
export async function monitorCommand(opts: MonitorCliOptions): Promise<number> {
  const loaded = await loadConfigs(opts.config);
  const targets = loaded.map(({ config, baseDir }) => ({
    baseDir,
    config: opts.intervalMinutes ? { ...config, monitor: { ...config.monitor, intervalMinutes: opts.intervalMinutes } } : config,
  }));
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  if (!opts.once) process.stderr.write(`可用性监测已启动：${targets.length} 个网站，每 ${targets[0].config.monitor.intervalMinutes} 分钟一次（Ctrl+C 停止）\n`);
  try {
    await runMonitor(targets, {
      once: opts.once,
      signal: abort.signal,
      onProbe: (p) => process.stdout.write(`${p.at} ${p.url} ${p.ok ? '正常' : '失败'} ${p.status ?? p.error} ${p.ms}ms\n`),
    });
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * Preloaded (`node --import`) into a bench child: when the process exits, its peak
 * resident memory (getrusage maxRSS, worker threads included) is written as JSON to the
 * file named by BENCH_RSS_FILE, so the parent can measure an unmodified CLI run.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    // CPU seconds (all threads): on a machine shared with other work, pages per CPU second stays comparable.
    writeFileSync(file, JSON.stringify({ peakRss: usage.maxRSS * 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 }));
  });
}

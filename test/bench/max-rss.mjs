/**
 * Preloaded (`node --import`) into a bench child: when the process exits, its peak
 * resident memory (getrusage maxRSS, worker threads included) is written as JSON to the
 * file named by BENCH_RSS_FILE, so the parent can measure an unmodified CLI run.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, JSON.stringify({ peakRss: process.resourceUsage().maxRSS * 1024 })));

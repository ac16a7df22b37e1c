/** Child process of the bench: linkinator 7 on the same site; prints one JSON line. */
import { LinkChecker } from 'linkinator';

const [origin, concurrency] = [process.argv[2], Number(process.argv[3])];
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
const started = performance.now();
const checker = new LinkChecker();
const result = await checker.check({ path: `${origin}/`, recurse: true, concurrency, timeout: 15000 });
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
const pages = new Set(result.links.filter((l) => l.state === 'OK' && /\.html$/.test(new URL(l.url).pathname)).map((l) => l.url)).size;
const broken = [...new Set(result.links.filter((l) => l.state === 'BROKEN').map((l) => new URL(l.url).pathname))];
process.stdout.write(`${JSON.stringify({ pages, links: new Set(result.links.map((l) => l.url)).size, seconds, peakRss, broken })}\n`);
process.exit(0);

/** Child process of the bench: linkinator 7 on the same site; prints one JSON line. */
import { LinkChecker } from 'linkinator';
import { Agent, setGlobalDispatcher } from 'undici';

const [origin, concurrency, unbounded] = [process.argv[2], Number(process.argv[3]), process.argv[4] === 'unbounded'];
// linkinator 7.6 starts each check as soon as it finds the link and queues only the waiting,
// so its `concurrency` bounds nothing: 701 requests were in flight at once against a site
// answering in 20-60 ms. Its fetch goes through the global dispatcher, which is held to
// `concurrency` connections here: the same concurrency on the wire as gov-inspector's.
if (!unbounded) setGlobalDispatcher(new Agent({ connections: concurrency }));
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

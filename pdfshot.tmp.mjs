import { PDFParse } from 'pdf-parse';
import { readFileSync, writeFileSync } from 'node:fs';
const parser = new PDFParse({ data: readFileSync(process.argv[2]) });
const r = await parser.getScreenshot({ scale: 1.2, first: Number(process.argv[4] ?? 1), last: Number(process.argv[4] ?? 1) });
writeFileSync(process.argv[3], Buffer.from(r.pages[0].data));
console.log(r.total);
await parser.destroy();

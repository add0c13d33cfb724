// Opens a PDF with Mozilla's PDF.js (an implementation nobody here wrote), renders its first
// page at 4x, and writes it as 8-bit grayscale (row by row) to OUT. Prints
// {"pages", "width", "height", "text"} as one JSON line. Offline: fonts come from the package.
//   node check-pdf.mjs FILE.pdf OUT.gray
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createCanvas } from '@napi-rs/canvas';

const [file, out] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const fonts = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';
const doc = await getDocument({
  data: new Uint8Array(fs.readFileSync(file)),
  standardFontDataUrl: fonts,
  isEvalSupported: false,
  verbosity: 0,
}).promise;
const page = await doc.getPage(1);
const text = (await page.getTextContent()).items.map((i) => i.str).join(' ');
const viewport = page.getViewport({ scale: 4 });
const width = Math.ceil(viewport.width);
const height = Math.ceil(viewport.height);
const canvas = createCanvas(width, height);
const ctx = canvas.getContext('2d');
ctx.fillStyle = '#ffffff';
ctx.fillRect(0, 0, width, height);
await page.render({ canvasContext: ctx, viewport }).promise;
const rgba = ctx.getImageData(0, 0, width, height).data;
const gray = Buffer.alloc(width * height);
for (let i = 0; i < gray.length; i++) gray[i] = rgba[i * 4];
fs.writeFileSync(out, gray);
console.log(JSON.stringify({ pages: doc.numPages, width, height, text }));

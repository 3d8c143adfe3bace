// Draws the sample signatures: made-up scribbles, never copies of anyone's real signature.
// Usage: npx tsx scripts/draw-signature.ts <out.png> <seed>
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const [out = 'senders/signatures/sample.png', seedText = '1'] = process.argv.slice(2);
const seed = Number(seedText);
const width = 360;
const height = 120;
// Grayscale without alpha: pdfkit embeds such a PNG as it is, with no decoding per letter.
const png = new PNG({ width, height, colorType: 0, inputColorType: 0, bitDepth: 8 });
const ink = new Float32Array(width * height);

function dab(x: number, y: number, r: number): void {
  for (let yy = Math.floor(y - r - 1); yy <= Math.ceil(y + r + 1); yy++) {
    for (let xx = Math.floor(x - r - 1); xx <= Math.ceil(x + r + 1); xx++) {
      if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
      const d = Math.hypot(xx - x, yy - y);
      const a = Math.max(0, Math.min(1, r + 0.5 - d));
      const i = yy * width + xx;
      ink[i] = Math.max(ink[i]!, a);
    }
  }
}

// A running loop curve with a rising stroke and a final flourish, varied by the seed.
const steps = 4000;
for (let s = 0; s < steps; s++) {
  const t = s / steps;
  const x = 20 + t * 300 + 14 * Math.sin(t * (20 + seed) * Math.PI);
  const y = 70 - 28 * Math.sin(t * (9 + seed) * Math.PI) * Math.exp(-t * 1.5) - 18 * t + 8 * Math.cos(t * 31);
  dab(x, y, 1.4 + 0.5 * Math.sin(t * 12));
}
for (let s = 0; s < 1200; s++) {
  const t = s / 1200;
  dab(40 + t * 290, 95 - 10 * Math.sin(t * Math.PI) + 4 * t, 1.1);
}
for (let i = 0; i < width * height; i++) png.data[i] = Math.round(255 * (1 - ink[i]!));
writeFileSync(out, PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8 }));
console.log(`wrote ${out}`);

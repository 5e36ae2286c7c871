// Draws images/icon.png (128×128): stacked image layers, the upper ones built by Kaniko,
// on a rounded navy tile, with a green "checked" badge. Pure Node (zlib), so the icon can be
// regenerated anywhere: `node scripts/make-icon.mjs`.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4; // per axis, for anti-aliasing

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255);
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

// Signed distances (negative inside).
const roundedBox = (x, y, cx, cy, hw, hh, r) => {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const rhombus = (x, y, cx, cy, a, b) => (Math.abs(x - cx) / a + Math.abs(y - cy) / b - 1) * ((a * b) / Math.hypot(a, b));
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;
const segment = (x, y, ax, ay, bx, by, halfWidth) => {
  const px = x - ax,
    py = y - ay,
    dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t) - halfWidth;
};

const TOP = hex('#1f4e79');
const BOTTOM = hex('#0f2740');
const LAYERS = [hex('#5b8fc7'), hex('#9cc4ee'), hex('#ffffff')]; // bottom to top
const ACCENT = hex('#f5a623'); // edge of the top layer, the "new" one
const BADGE = hex('#2ea44f');
const WHITE = hex('#ffffff');

/** Colour and coverage (0..1) of one sample point, painted back to front. */
function sample(x, y) {
  if (roundedBox(x, y, 64, 64, 64, 64, 26) > 0) return [0, 0, 0, 0];
  let rgb = mix(TOP, BOTTOM, y / SIZE);
  const layerCentres = [86, 68, 50];
  layerCentres.forEach((cy, i) => {
    // A halo in the background colour separates each layer from the one below.
    if (i > 0 && rhombus(x, y, 64, cy, 44, 20) < 0) rgb = mix(TOP, BOTTOM, y / SIZE);
    if (rhombus(x, y, 64, cy, 38, 17) < 0) rgb = LAYERS[i];
  });
  if (rhombus(x, y, 64, 50, 38, 17) < 0 && rhombus(x, y, 64, 50, 33, 14.5) > 0) rgb = ACCENT;
  if (circle(x, y, 98, 98, 21) < 0) rgb = mix(TOP, BOTTOM, y / SIZE);
  if (circle(x, y, 98, 98, 17) < 0) rgb = BADGE;
  if (segment(x, y, 89, 98.5, 95.5, 105, 3) < 0 || segment(x, y, 95.5, 105, 107.5, 91, 3) < 0) rgb = WHITE;
  return [...rgb, 1];
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
  const row = py * (SIZE * 4 + 1);
  raw[row] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    let r = 0,
      g = 0,
      b = 0,
      a = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const [sr, sg, sb, sa] = sample(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
        r += sr * sa;
        g += sg * sa;
        b += sb * sa;
        a += sa;
      }
    }
    const o = row + 1 + px * 4;
    const n = SAMPLES * SAMPLES;
    // Colour un-premultiplied by coverage, so edges fade out instead of darkening.
    raw[o] = a ? Math.round((r / a) * 255) : 0;
    raw[o + 1] = a ? Math.round((g / a) * 255) : 0;
    raw[o + 2] = a ? Math.round((b / a) * 255) : 0;
    raw[o + 3] = Math.round((a / n) * 255);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = new URL('../images/icon.png', import.meta.url);
writeFileSync(out, png);
console.log(`wrote images/icon.png (${png.length} bytes)`);

// A tiny PNG encoder (truecolour, 8 bit) and a generated landscape picture,
// so the test site has a real raster lead image without shipping a binary file.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes `pixel(x, y) -> [r, g, b]` as a PNG of width × height. */
export function encodePng(width, height, pixel) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let o = 0;
  for (let y = 0; y < height; y++) {
    raw[o++] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      raw[o++] = r;
      raw[o++] = g;
      raw[o++] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const mix = (a, b, t) => Math.round(a + (b - a) * t);
const mixRgb = (a, b, t) => [mix(a[0], b[0], t), mix(a[1], b[1], t), mix(a[2], b[2], t)];

/** A calm winter landscape (sky, sun, hills, lake) — deterministic, 800 × 400. */
export function landscapePng(width = 800, height = 400) {
  const skyTop = [120, 160, 200];
  const skyLow = [226, 236, 243];
  const far = [104, 132, 156];
  const near = [52, 84, 104];
  const lakeTop = [150, 182, 204];
  const lakeLow = [92, 128, 156];
  const ridge = (x, f, a, p) => a * Math.sin((x / width) * Math.PI * f + p);
  return encodePng(width, height, (x, y) => {
    const farY = height * 0.52 + ridge(x, 3, 22, 0.4) + ridge(x, 7, 8, 1.3);
    const nearY = height * 0.64 + ridge(x, 2, 26, 2.1) + ridge(x, 9, 6, 0.2);
    const shore = height * 0.74;
    if (y > shore) {
      const t = (y - shore) / (height - shore);
      const ripple = Math.sin(y * 0.9 + x * 0.02) > 0.96 ? 18 : 0;
      return mixRgb(lakeTop, lakeLow, t).map((c) => Math.min(255, c + ripple));
    }
    if (y > nearY) return near;
    if (y > farY) return far;
    const dx = x - width * 0.72;
    const dy = y - height * 0.3;
    const d = Math.sqrt(dx * dx + dy * dy);
    if (d < 34) return [252, 240, 214];
    const glow = Math.max(0, 1 - d / 160) * 0.35;
    return mixRgb(mixRgb(skyTop, skyLow, y / farY), [252, 240, 214], glow);
  });
}

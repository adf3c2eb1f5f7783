import { createHash } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";

export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

/** A version-3-sized grid (29 modules) plus a quiet zone of 2 on every side. */
const MODULES = 29;
const QUIET = 2;
const FINDER = 7;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A square PNG that looks like a QR code (finder and timing patterns, modules from a hash of
 * `text`). Not scannable: the same text always gives the same image.
 */
export function qrLikePng(text: string, width: number, foreground: Rgb, background: Rgb): Buffer {
  const grid = moduleGrid(text);
  const total = MODULES + 2 * QUIET;
  const scale = Math.max(1, Math.floor(width / total));
  const margin = Math.floor((width - scale * total) / 2);
  const rowLength = 1 + width * 3;
  const raw = Buffer.alloc(rowLength * width);
  for (let y = 0; y < width; y++) {
    // Filter byte 0 (none) starts each row.
    raw[y * rowLength] = 0;
    const row = Math.floor((y - margin) / scale) - QUIET;
    for (let x = 0; x < width; x++) {
      const column = Math.floor((x - margin) / scale) - QUIET;
      const dark = grid[row]?.[column] === true;
      const color = dark ? foreground : background;
      const at = y * rowLength + 1 + x * 3;
      raw[at] = color.r;
      raw[at + 1] = color.g;
      raw[at + 2] = color.b;
    }
  }
  return encodePng(width, width, raw);
}

function moduleGrid(text: string): boolean[][] {
  const bits = hashBits(text, MODULES * MODULES);
  const grid: boolean[][] = [];
  for (let row = 0; row < MODULES; row++) {
    const line: boolean[] = [];
    for (let column = 0; column < MODULES; column++) {
      line.push(
        patternModule(row, column) ??
          (bits[row * MODULES + column] as boolean | undefined) ??
          false,
      );
    }
    grid.push(line);
  }
  return grid;
}

/** The fixed parts: three finder squares with their light separators, and the timing lines. */
function patternModule(row: number, column: number): boolean | undefined {
  const far = MODULES - FINDER;
  for (const [top, left] of [
    [0, 0],
    [0, far],
    [far, 0],
  ] as const) {
    const r = row - top;
    const c = column - left;
    if (r >= -1 && r <= FINDER && c >= -1 && c <= FINDER) {
      if (r < 0 || c < 0 || r === FINDER || c === FINDER) return false;
      const ring = Math.min(r, c, FINDER - 1 - r, FINDER - 1 - c);
      return ring !== 1;
    }
  }
  if (row === 6 || column === 6) return (row + column) % 2 === 0;
  return undefined;
}

function hashBits(text: string, count: number): boolean[] {
  const bits: boolean[] = [];
  for (let block = 0; bits.length < count; block++) {
    const digest = createHash("sha256").update(`${block}\u0000${text}`).digest();
    for (const byte of digest) {
      for (let bit = 7; bit >= 0; bit--) bits.push(((byte >> bit) & 1) === 1);
    }
  }
  return bits;
}

function encodePng(width: number, height: number, raw: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  // Bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace.
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed), 0);
  return Buffer.concat([length, typed, crc]);
}

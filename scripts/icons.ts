// `npm run icons`: every platform's icon from resources/icon.svg, with no native image tools.
// Chromium (the one the browser tests use, via Playwright) rasterizes the SVG at each size; the
// .ico and .icns containers are written here (both hold PNG images as they are).
//   resources/icons/<n>x<n>.png  Linux (electron-builder's icon folder) and the window icon
//   resources/icon.ico           Windows (16…256)
//   resources/icon.icns          macOS (16…1024, @2x included)
//   resources/icon.png           512 px, for anything that wants one file
//   resources/tray/              tray icons: colour (Windows/Linux), template (macOS menu bar)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** ICNS types that hold PNG data, by pixel size (several types share a size: 32 is icp5 and ic11). */
export const ICNS_TYPES: ReadonlyArray<[string, number]> = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (
    png.length < 24 ||
    !png.subarray(0, 8).equals(PNG_SIGNATURE) ||
    png.toString('latin1', 12, 16) !== 'IHDR'
  )
    throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** A Windows .ico with PNG-compressed images (Windows Vista and later). */
export function buildIco(pngs: Buffer[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(pngs.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * pngs.length;
  for (const png of pngs) {
    const { width, height } = pngSize(png);
    if (width > 256 || height > 256) throw new Error('ICO images are at most 256 px');
    const e = Buffer.alloc(16);
    e.writeUInt8(width === 256 ? 0 : width, 0);
    e.writeUInt8(height === 256 ? 0 : height, 1);
    e.writeUInt8(0, 2); // no palette
    e.writeUInt8(0, 3);
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...pngs]);
}

/** A macOS .icns of PNG entries. */
export function buildIcns(entries: ReadonlyArray<[string, Buffer]>): Buffer {
  const chunks = entries.map(([type, png]) => {
    if (type.length !== 4) throw new Error(`bad ICNS type ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}

/** Reads back an .ico's directory (for the tests and a sanity check after writing). */
export function readIco(ico: Buffer): Array<{ width: number; height: number; png: Buffer }> {
  if (ico.readUInt16LE(0) !== 0 || ico.readUInt16LE(2) !== 1) throw new Error('not an icon file');
  const count = ico.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const e = 6 + 16 * i;
    const png = ico.subarray(ico.readUInt32LE(e + 12), ico.readUInt32LE(e + 12) + ico.readUInt32LE(e + 8));
    return { width: ico.readUInt8(e) || 256, height: ico.readUInt8(e + 1) || 256, png };
  });
}

/** Reads back an .icns's entries. */
export function readIcns(icns: Buffer): Array<{ type: string; png: Buffer }> {
  if (icns.toString('latin1', 0, 4) !== 'icns' || icns.readUInt32BE(4) !== icns.length)
    throw new Error('not an icns file');
  const out: Array<{ type: string; png: Buffer }> = [];
  for (let p = 8; p < icns.length;) {
    const len = icns.readUInt32BE(p + 4);
    if (len < 8 || p + len > icns.length) throw new Error('damaged icns');
    out.push({ type: icns.toString('latin1', p, p + 4), png: icns.subarray(p + 8, p + len) });
    p += len;
  }
  return out;
}

/** The menu-bar variant: the glyph alone in black on transparent (macOS tints template images). */
export function templateSvg(svg: string): string {
  return svg.replace(/<rect\b[^>]*\/>/, '').replace(/(fill|stroke)="#(?!000)[0-9a-fA-F]{3,6}"/g, '$1="#000"');
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const res = path.join(root, 'resources');
  const svg = fs.readFileSync(path.join(res, 'icon.svg'), 'utf8');
  const { chromium } = await import('playwright');
  const executablePath = process.env.HOOKBENCH_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    console.error(
      `icons: Chromium is needed to draw the SVG and is not at ${executablePath} (set HOOKBENCH_CHROMIUM).`,
    );
    process.exit(1);
  }
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage();
  const render = async (markup: string, size: number): Promise<Buffer> => {
    await page.setViewportSize({ width: size, height: size });
    const img = `data:image/svg+xml;base64,${Buffer.from(markup).toString('base64')}`;
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="${img}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((el) => (el as unknown as { decode(): Promise<void> }).decode());
    return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  };
  try {
    fs.mkdirSync(path.join(res, 'icons'), { recursive: true });
    fs.mkdirSync(path.join(res, 'tray'), { recursive: true });
    const pngs = new Map<number, Buffer>();
    for (const size of PNG_SIZES) {
      const png = await render(svg, size);
      pngs.set(size, png);
      fs.writeFileSync(path.join(res, 'icons', `${size}x${size}.png`), png);
    }
    fs.writeFileSync(path.join(res, 'icon.png'), pngs.get(512)!);
    fs.writeFileSync(path.join(res, 'icon.ico'), buildIco(ICO_SIZES.map((s) => pngs.get(s)!)));
    fs.writeFileSync(
      path.join(res, 'icon.icns'),
      buildIcns(ICNS_TYPES.map(([t, s]) => [t, pngs.get(s)!] as [string, Buffer])),
    );
    fs.writeFileSync(path.join(res, 'tray', 'tray.png'), await render(svg, 32));
    fs.writeFileSync(path.join(res, 'tray', 'tray@2x.png'), await render(svg, 64));
    const tmpl = templateSvg(svg);
    fs.writeFileSync(path.join(res, 'tray', 'trayTemplate.png'), await render(tmpl, 16));
    fs.writeFileSync(path.join(res, 'tray', 'trayTemplate@2x.png'), await render(tmpl, 32));
    console.log(
      `icons: wrote ${PNG_SIZES.length} PNGs, icon.ico, icon.icns and 4 tray icons under resources/`,
    );
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  main().catch((err: unknown) => {
    console.error(`icons: ${(err as Error).message}`);
    process.exit(1);
  });
}

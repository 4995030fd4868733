/**
 * Generated image bytes for the photo tests: valid PNG files of any size, and the starts of JPEG and WebP files,
 * enough for content sniffing.
 */
import { crc32, deflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** PNG colour types of the IHDR chunk. */
const GREYSCALE = 0;
const RGB = 2;

/** Encodes one PNG chunk: length, type, data and the CRC-32 of type and data. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes an 8-bit, non-interlaced PNG from its scanlines, each starting with its filter type byte. */
function encodePng(width: number, height: number, colourType: number, scanlines: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, colourType, 0, 0, 0], 8);
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(scanlines)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Generates a valid 8-bit RGB PNG of one colour, as a phone photo stand-in. */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  return encodePng(width, height, RGB, Buffer.concat(Array.from({ length: height }, () => row)));
}

/** Returns a valid grey PNG of `width` × `height` pixels; `seed` varies the pixels, so two calls can differ. */
export function pngBytes(width = 4, height = 4, seed = 0): Buffer {
  const scanlines: number[] = [];
  for (let y = 0; y < height; y += 1) {
    scanlines.push(0); // filter type None
    for (let x = 0; x < width; x += 1) scanlines.push((x * 31 + y * 17 + seed) % 256);
  }
  return encodePng(width, height, GREYSCALE, Buffer.from(scanlines));
}

/** Returns the start of a JPEG file (SOI and a JFIF APP0 segment), enough for content sniffing. */
export function jpegBytes(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'ascii'),
    Buffer.from([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]),
  ]);
}

/** Returns the start of a lossy WebP file (RIFF header and a VP8 chunk header). */
export function webpBytes(): Buffer {
  const body = Buffer.concat([Buffer.from('WEBPVP8 ', 'ascii'), Buffer.alloc(4 + 10)]);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(body.length);
  return Buffer.concat([Buffer.from('RIFF', 'ascii'), size, body]);
}

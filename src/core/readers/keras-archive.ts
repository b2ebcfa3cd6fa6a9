/**
 * `.keras` archives are zip files; the architecture is their `config.json`. The archive is read with
 * positioned reads: the end record, the central directory (streamed, keeping only `config.json`
 * entries) and that one entry, so a multi-GB archive costs the size of its directory and config.
 * Zip64 is supported. The entry is picked as Python's `zipfile` (which Keras uses) picks it, and
 * inflation stops at the declared size, so a zip bomb or a lying header costs at most the cap.
 */
import { Inflate } from 'fflate';
import { AnalysisError } from '../types';
import { ByteCursor, type IByteSource } from './byte-source';
import { trans } from '../i18n/current';

/** Largest config.json read (its declared size); far above any real model's architecture. */
export const MAX_CONFIG_BYTES = 64 * 1024 * 1024;
/** Largest central directory scanned: 100,000 entries with long names fit many times over. */
export const MAX_DIRECTORY_BYTES = 256 * 1024 * 1024;

const CONFIG = 'config.json';
const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const FULL32 = 0xffffffff;

interface IEntry {
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

const damaged = (why: string) => new AnalysisError(trans.__('not a .keras archive: %1', why));
const fmt = (n: number) => n.toLocaleString('en-US');

function u16(b: Uint8Array, p: number): number {
  return b[p] | (b[p + 1] << 8);
}
function u32(b: Uint8Array, p: number): number {
  return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
}
function u64(b: Uint8Array, p: number): number {
  const n = u32(b, p) + u32(b, p + 4) * 2 ** 32;
  if (!Number.isSafeInteger(n)) throw damaged(trans.__('a zip64 size or offset is beyond 2^53'));
  return n;
}

/** Where the central directory is and how many entries it has (zip64 when the classic record is saturated). */
function directory(zip: IByteSource): { offset: number; size: number; count: number } {
  const tailLength = Math.min(zip.size, 22 + 65535);
  const tail = zip.read(zip.size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw damaged(trans.__('it is not a zip file'));
  let count = u16(tail, at + 10);
  let size = u32(tail, at + 12);
  let offset = u32(tail, at + 16);
  const eocdPos = zip.size - tailLength + at;
  if (eocdPos >= 20) {
    const locator = zip.read(eocdPos - 20, 20);
    if (u32(locator, 0) === ZIP64_LOCATOR) {
      const record = zip.read(u64(locator, 8), 56);
      if (record.length < 56 || u32(record, 0) !== ZIP64_EOCD) throw damaged(trans.__('its zip64 end record is damaged'));
      count = u64(record, 32);
      size = u64(record, 40);
      offset = u64(record, 48);
    }
  }
  if (offset + size > zip.size) throw damaged(trans.__('its zip directory lies outside the file'));
  if (size > MAX_DIRECTORY_BYTES)
    throw new AnalysisError(trans.__("the archive's zip directory is %1 bytes, over the %2-byte limit", fmt(size), fmt(MAX_DIRECTORY_BYTES)));
  return { offset, size, count };
}

/**
 * The `config.json` entry Python's zipfile opens: it keeps the last of duplicate names
 * (`NameToInfo[name] = info` while reading the directory in order).
 */
function configEntry(zip: IByteSource): IEntry {
  const dir = directory(zip);
  const cur = new ByteCursor(zip, dir.offset, dir.offset + dir.size);
  const end = dir.offset + dir.size;
  const fixed = new Uint8Array(46);
  let found: IEntry | null = null;
  // The recorded count is not trusted for the loop: the directory's size bounds it.
  while (cur.pos + 46 <= end) {
    for (let i = 0; i < 46; i++) fixed[i] = cur.next();
    if (u32(fixed, 0) !== CENTRAL) break;
    const nameLength = u16(fixed, 28);
    const extraLength = u16(fixed, 30);
    const commentLength = u16(fixed, 32);
    const isConfig = nameLength === CONFIG.length;
    const name = isConfig ? readBytes(cur, nameLength) : (skip(cur, nameLength), null);
    if (name && new TextDecoder().decode(name) === CONFIG) {
      const entry: IEntry = {
        flags: u16(fixed, 8),
        method: u16(fixed, 10),
        crc: u32(fixed, 16),
        compressedSize: u32(fixed, 20),
        size: u32(fixed, 24),
        offset: u32(fixed, 42)
      };
      zip64Extra(readBytes(cur, extraLength), entry);
      found = entry;
    } else skip(cur, extraLength);
    skip(cur, commentLength);
  }
  if (!found) throw damaged(trans.__('it has no %1', CONFIG));
  return found;
}

function readBytes(cur: ByteCursor, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = cur.next();
  return out;
}

function skip(cur: ByteCursor, n: number): void {
  cur.pos += n;
}

/** The zip64 extended information (header 0x0001): the 64-bit values of the fields saturated at 0xFFFFFFFF, in this order. */
function zip64Extra(extra: Uint8Array, entry: IEntry): void {
  for (let p = 0; p + 4 <= extra.length;) {
    const id = u16(extra, p);
    const length = u16(extra, p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const take = () => {
        if (q + 8 > p + 4 + length) throw damaged(trans.__("%1's zip64 field is too short", CONFIG));
        const n = u64(extra, q);
        q += 8;
        return n;
      };
      if (entry.size === FULL32) entry.size = take();
      if (entry.compressedSize === FULL32) entry.compressedSize = take();
      if (entry.offset === FULL32) entry.offset = take();
      return;
    }
    p += 4 + length;
  }
}

/**
 * The bytes of `config.json`. `maxBytes` caps its declared size; a local header that disagrees with the
 * directory, data past the declared size or a wrong CRC-32 is refused, as Python's zipfile refuses them.
 */
export function readKerasArchive(zip: IByteSource, maxBytes = MAX_CONFIG_BYTES): Uint8Array {
  const entry = configEntry(zip);
  const cap = Math.min(maxBytes, MAX_CONFIG_BYTES);
  if (entry.flags & 0x1) throw new AnalysisError(trans.__('%1 in this archive is encrypted; Keras cannot read it either', CONFIG));
  if (entry.method !== 0 && entry.method !== 8) {
    const name = METHODS[entry.method] ?? `method ${entry.method}`;
    throw new AnalysisError(
      trans.__('%1 is compressed with %2, which this reader does not support (only stored and deflate, which Keras writes)', CONFIG, name)
    );
  }
  if (entry.size > cap) throw new AnalysisError(trans.__('%1 would inflate to %2 bytes, over the %3-byte limit', CONFIG, fmt(entry.size), fmt(cap)));
  // Deflate never needs much more room than the data it holds: a larger compressed size is padding to waste time.
  if (entry.compressedSize > entry.size + Math.ceil(entry.size / 16000) * 5 + 1024) {
    throw damaged(trans.__('%1 claims %2 compressed bytes for %3 bytes of content', CONFIG, fmt(entry.compressedSize), fmt(entry.size)));
  }
  const local = zip.read(entry.offset, 30);
  if (local.length < 30 || u32(local, 0) !== LOCAL) throw damaged(trans.__("%1's local header is missing", CONFIG));
  const nameLength = u16(local, 26);
  const localName = new TextDecoder().decode(zip.read(entry.offset + 30, nameLength));
  if (localName !== CONFIG) throw damaged(trans.__("%1's local header names another file", CONFIG));
  // Without a data descriptor (flag bit 3) the local header repeats the sizes: it must agree with the directory.
  if (!(u16(local, 6) & 0x8)) {
    const [c, s] = [u32(local, 18), u32(local, 22)];
    if ((c !== FULL32 && c !== entry.compressedSize) || (s !== FULL32 && s !== entry.size)) {
      throw damaged(trans.__("%1's local header disagrees with the zip directory about its size", CONFIG));
    }
  }
  const start = entry.offset + 30 + nameLength + u16(local, 28);
  if (start + entry.compressedSize > zip.size) throw damaged(trans.__('%1 runs past the end of the file', CONFIG));
  const bytes = entry.method === 0 ? zip.read(start, entry.compressedSize) : inflateBounded(zip, start, entry);
  if (bytes.length !== entry.size)
    throw damaged(trans.__('%1 holds %2 bytes, not the %3 its header says', CONFIG, fmt(bytes.length), fmt(entry.size)));
  if (crc32(bytes) !== entry.crc) throw damaged(trans.__('%1 fails its CRC-32 check', CONFIG));
  return bytes;
}

const METHODS: Record<number, string> = {
  1: 'Shrink',
  6: 'Implode',
  9: 'Deflate64',
  12: 'bzip2',
  14: 'LZMA',
  93: 'Zstandard',
  95: 'XZ',
  99: 'AES encryption'
};

/** Inflates at most `entry.size` bytes, reading the compressed data in chunks; more output is refused at once. */
function inflateBounded(zip: IByteSource, start: number, entry: IEntry): Uint8Array {
  const out = new Uint8Array(entry.size);
  let written = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    if (written + chunk.length > entry.size)
      throw damaged(trans.__('%1 inflates to more than the %2 bytes its header says', CONFIG, fmt(entry.size)));
    out.set(chunk, written);
    written += chunk.length;
    if (final) ended = true;
  });
  const CHUNK = 1 << 20;
  try {
    for (let p = 0; p < entry.compressedSize && !ended; p += CHUNK) {
      const n = Math.min(CHUNK, entry.compressedSize - p);
      inflater.push(zip.read(start + p, n), p + n >= entry.compressedSize);
    }
  } catch (e) {
    if (e instanceof AnalysisError) throw e;
    throw damaged(trans.__('%1 cannot be inflated (its compressed data is corrupt)', CONFIG));
  }
  if (!ended) throw damaged(trans.__("%1's compressed data ends early", CONFIG));
  return out.subarray(0, written);
}

let CRC_TABLE: Uint32Array | null = null;

export function crc32(bytes: Uint8Array): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * `.keras` archives are zip files; the architecture is their `config.json`. Only that entry is
 * inflated, and only up to a cap, so a zip bomb costs nothing.
 */
import { inflateSync } from 'fflate';
import { AnalysisError } from '../types';

export const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  offset: number;
}

function centralDirectory(zip: Uint8Array): Entry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new AnalysisError('not a .keras archive: it is not a zip file');
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > zip.length || view.getUint32(p, true) !== 0x02014b50) throw new AnalysisError('not a .keras archive: its zip directory is damaged');
    const nameLength = view.getUint16(p + 28, true);
    const extra = view.getUint16(p + 30, true);
    const comment = view.getUint16(p + 32, true);
    entries.push({
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      offset: view.getUint32(p + 42, true),
      name: new TextDecoder().decode(zip.subarray(p + 46, p + 46 + nameLength))
    });
    p += 46 + nameLength + extra + comment;
  }
  return entries;
}

export function readKerasArchive(zip: Uint8Array): string {
  const entry = centralDirectory(zip).find(e => e.name === 'config.json');
  if (!entry) throw new AnalysisError('not a .keras archive: it has no config.json');
  if (entry.size > MAX_CONFIG_BYTES) {
    throw new AnalysisError(`config.json would inflate to ${entry.size.toLocaleString('en-US')} bytes, over the ${MAX_CONFIG_BYTES.toLocaleString('en-US')}-byte limit`);
  }
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const p = entry.offset;
  if (p + 30 > zip.length || view.getUint32(p, true) !== 0x04034b50) throw new AnalysisError('not a .keras archive: config.json is damaged');
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  const data = zip.subarray(start, start + entry.compressedSize);
  let bytes: Uint8Array;
  if (entry.method === 0) bytes = data;
  else if (entry.method === 8) {
    const out = new Uint8Array(entry.size);
    try {
      bytes = inflateSync(data, { out });
    } catch {
      throw new AnalysisError('not a .keras archive: config.json cannot be inflated (or is larger than its header says)');
    }
  } else throw new AnalysisError(`config.json uses zip method ${entry.method}, which is not supported`);
  return new TextDecoder().decode(bytes);
}

/** A small zip writer for tests: stored or deflated entries, zip64 records, lies on request. */
import { deflateSync } from 'fflate';
import { crc32 } from '../../src/core/readers/keras-archive';

export interface IZipEntry {
  name: string;
  data: Uint8Array | string;
  method?: 0 | 8 | 12;
  flags?: number;
  /** Overrides of what the headers claim. */
  claimedSize?: number;
  localClaimedSize?: number;
  crc?: number;
}

export interface IZipOptions {
  /** Write zip64 end records and zip64 extra fields (sizes and offsets saturated in the classic fields). */
  zip64?: boolean;
  /** Bytes of padding before the first entry (a sparse file makes them free). */
  offsetBase?: number;
}

const enc = new TextEncoder();

class Out {
  parts: Uint8Array[] = [];
  length = 0;
  push(b: Uint8Array) {
    this.parts.push(b);
    this.length += b.length;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let p = 0;
    for (const part of this.parts) out.set(part, (p += part.length) - part.length);
    return out;
  }
}

function le(size: number, value: number): Uint8Array {
  const b = new Uint8Array(size);
  let v = value;
  for (let i = 0; i < size; i++) {
    b[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return b;
}

function cat(...xs: Uint8Array[]): Uint8Array {
  const o = new Out();
  xs.forEach(x => o.push(x));
  return o.bytes();
}

/** The zip's bytes; with `offsetBase`, offsets are as if `offsetBase` bytes preceded them (write them at that position). */
export function makeZip(entries: IZipEntry[], options: IZipOptions = {}): Uint8Array {
  const base = options.offsetBase ?? 0;
  const z64 = options.zip64 ?? false;
  const out = new Out();
  const central = new Out();
  for (const e of entries) {
    const raw = typeof e.data === 'string' ? enc.encode(e.data) : e.data;
    const method = e.method ?? 8;
    const body = method === 8 ? deflateSync(raw) : raw;
    const name = enc.encode(e.name);
    const crc = e.crc ?? crc32(raw);
    const size = e.claimedSize ?? raw.length;
    const offset = base + out.length;
    const extraLocal = z64 ? cat(le(2, 1), le(2, 16), le(8, e.localClaimedSize ?? size), le(8, body.length)) : new Uint8Array(0);
    out.push(
      cat(
        le(4, 0x04034b50),
        le(2, 45),
        le(2, e.flags ?? 0),
        le(2, method),
        le(4, 0),
        le(4, crc),
        le(4, z64 ? 0xffffffff : body.length),
        le(4, z64 ? 0xffffffff : (e.localClaimedSize ?? size)),
        le(2, name.length),
        le(2, extraLocal.length),
        name,
        extraLocal,
        body
      )
    );
    const extra = z64 ? cat(le(2, 1), le(2, 24), le(8, size), le(8, body.length), le(8, offset)) : new Uint8Array(0);
    central.push(
      cat(
        le(4, 0x02014b50),
        le(2, 45),
        le(2, 45),
        le(2, e.flags ?? 0),
        le(2, method),
        le(4, 0),
        le(4, crc),
        le(4, z64 ? 0xffffffff : body.length),
        le(4, z64 ? 0xffffffff : size),
        le(2, name.length),
        le(2, extra.length),
        le(2, 0),
        le(2, 0),
        le(2, 0),
        le(4, 0),
        le(4, z64 ? 0xffffffff : offset),
        name,
        extra
      )
    );
  }
  const cdOffset = base + out.length;
  const cd = central.bytes();
  out.push(cd);
  const count = entries.length;
  if (z64) {
    const recordAt = base + out.length;
    out.push(
      cat(le(4, 0x06064b50), le(8, 44), le(2, 45), le(2, 45), le(4, 0), le(4, 0), le(8, count), le(8, count), le(8, cd.length), le(8, cdOffset))
    );
    out.push(cat(le(4, 0x07064b50), le(4, 0), le(8, recordAt), le(4, 1)));
  }
  const c16 = z64 ? 0xffff : Math.min(count, 0xffff);
  out.push(
    cat(
      le(4, 0x06054b50),
      le(2, 0),
      le(2, 0),
      le(2, c16),
      le(2, c16),
      le(4, z64 ? 0xffffffff : cd.length),
      le(4, z64 ? 0xffffffff : cdOffset),
      le(2, 0)
    )
  );
  return out.bytes();
}

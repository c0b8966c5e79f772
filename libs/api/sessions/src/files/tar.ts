/** Just enough POSIX tar (ustar) to hand one file to `docker cp` and take one back. */

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

export function tarSingleFile(name: string, data: Buffer, mode = 0o644, uid = 1000, gid = 1000): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error('file name longer than 100 bytes');
  const header = Buffer.alloc(512, 0);
  header.write(name, 0, 100, 'utf8');
  header.write(octal(mode, 8), 100, 8, 'ascii');
  header.write(octal(uid, 8), 108, 8, 'ascii');
  header.write(octal(gid, 8), 116, 8, 'ascii');
  header.write(octal(data.length, 12), 124, 12, 'ascii');
  header.write(octal(Math.floor(Date.now() / 1000), 12), 136, 12, 'ascii');
  header.write('        ', 148, 8, 'ascii'); // checksum placeholder: spaces
  header.write('0', 156, 1, 'ascii'); // regular file
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  const padding = Buffer.alloc((512 - (data.length % 512)) % 512, 0);
  return Buffer.concat([header, data, padding, Buffer.alloc(1024, 0)]);
}

export interface TarEntry {
  name: string;
  type: 'file' | 'directory' | 'other';
  size: number;
  data: Buffer;
}

/** The first entry of a tar archive (what `docker cp` of one path answers). */
export function firstTarEntry(archive: Buffer): TarEntry | null {
  let offset = 0;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) return null;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    const flag = String.fromCharCode(header[156] || 48);
    offset += 512;
    // PAX/GNU extended headers describe the next entry; skip them.
    if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
      offset += Math.ceil(size / 512) * 512;
      continue;
    }
    const type = flag === '0' || flag === '\0' ? 'file' : flag === '5' ? 'directory' : 'other';
    return { name, type, size, data: archive.subarray(offset, offset + size) };
  }
  return null;
}

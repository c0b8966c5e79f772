import { posix } from 'node:path';

/**
 * A file the engine writes into a session's container before it starts (e.g. the RDP gateway's
 * password): the container's own filesystem, never its environment, arguments or labels, so it
 * does not show in `docker inspect`, process lists or logs.
 */
export interface ContainerFile {
  /** Absolute path inside the container; its folder must exist in the image. */
  path: string;
  content: Buffer;
  /** Permission bits (e.g. 0o400). */
  mode: number;
  /** Owner (and group) id inside the container. */
  uid: number;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** One ustar header block (names up to 100 bytes; the checksum over the block as POSIX says). */
function header(name: string, size: number, mode: number, uid: number): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  if (Buffer.byteLength(name) > 100) throw new Error(`container file name too long: ${name}`);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(mode & 0o7777, 8), 100, 'ascii');
  h.write(octal(uid, 8), 108, 'ascii');
  h.write(octal(uid, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(Date.now() / 1000), 12), 136, 'ascii');
  h.fill(' ', 148, 156);
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/**
 * The files as one tar archive to extract at `/` (Docker's putArchive), paths relative to it.
 * Paths must be absolute and normalised: nothing can point outside the container's root.
 */
export function filesArchive(files: readonly ContainerFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    if (!posix.isAbsolute(f.path) || posix.normalize(f.path) !== f.path || f.path.endsWith('/'))
      throw new Error(`container file path must be absolute and normalised: ${f.path}`);
    parts.push(header(f.path.slice(1), f.content.length, f.mode, f.uid), f.content);
    const pad = (BLOCK - (f.content.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return Buffer.concat(parts);
}

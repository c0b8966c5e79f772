import { describe, expect, it } from 'vitest';
import { firstTarEntry, tarSingleFile } from './tar';

describe('tar', () => {
  it('round-trips one file', () => {
    const data = Buffer.from('hello, caster\n'.repeat(100));
    const archive = tarSingleFile('notes.txt', data);
    expect(archive.length % 512).toBe(0);
    const entry = firstTarEntry(archive);
    expect(entry).toMatchObject({ name: 'notes.txt', type: 'file', size: data.length });
    expect(entry?.data.equals(data)).toBe(true);
  });

  it('writes a valid header checksum', () => {
    const header = tarSingleFile('a', Buffer.from('x')).subarray(0, 512);
    const stored = parseInt(header.subarray(148, 154).toString('ascii'), 8);
    const copy = Buffer.from(header);
    copy.write('        ', 148, 8, 'ascii');
    expect(stored).toBe(copy.reduce((s, b) => s + b, 0));
  });

  it('refuses names tar cannot hold', () => {
    expect(() => tarSingleFile('x'.repeat(101), Buffer.alloc(0))).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { RfbViewOnlyFilter } from './rfb-view-only';

const handshake = Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([1]), Buffer.from([1])]);
const key = Buffer.from([4, 1, 0, 0, 0, 0, 0, 0x61]);
const pointer = Buffer.from([5, 1, 0, 10, 0, 20]);
const update = Buffer.from([3, 1, 0, 0, 0, 0, 4, 0, 3, 0]);
const encodings = Buffer.from([2, 0, 0, 2, 0, 0, 0, 7, 0, 0, 0, 0]);
const cut = Buffer.concat([Buffer.from([6, 0, 0, 0, 0, 0, 0, 3]), Buffer.from('abc')]);

describe('RfbViewOnlyFilter', () => {
  it('passes the handshake and picture requests and drops keys, pointer and clipboard', () => {
    const f = new RfbViewOnlyFilter();
    const out = f.push(Buffer.concat([handshake, encodings, update, key, pointer, cut, update]));
    expect(out).toEqual(Buffer.concat([handshake, encodings, update, update]));
  });

  it('handles messages split across frames', () => {
    const f = new RfbViewOnlyFilter();
    const all = Buffer.concat([handshake, key, update]);
    const out: Buffer[] = [];
    for (let i = 0; i < all.length; i += 3) out.push(f.push(all.subarray(i, i + 3)));
    expect(Buffer.concat(out)).toEqual(Buffer.concat([handshake, update]));
  });

  it('stops forwarding at an unknown message type instead of guessing', () => {
    const f = new RfbViewOnlyFilter();
    expect(f.push(Buffer.concat([handshake, Buffer.from([250, 1, 2, 3])]))).toEqual(handshake);
    expect(f.push(update)).toEqual(Buffer.alloc(0));
  });
});

import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { downscale, encodePng } from './png';
import { RfbSnapshotClient, RfbSnapshotError } from './rfb-snapshot';

const u16 = (n: number): number[] => [(n >> 8) & 255, n & 255];
const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];

function serverInit(w: number, h: number): Buffer {
  const name = Buffer.from('desk');
  return Buffer.from([...u16(w), ...u16(h), ...new Array<number>(16).fill(0), ...u32(name.length), ...name]);
}

/** Feeds bytes one small slice at a time, as a WebSocket may split them. */
function feed(client: RfbSnapshotClient, bytes: Buffer, slice = 3): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += slice) out.push(...client.push(bytes.subarray(i, i + slice)));
  return out;
}

describe('RfbSnapshotClient', () => {
  it('does a 3.8 handshake as a shared client, asks for Raw only and assembles the first update', () => {
    const client = new RfbSnapshotClient();
    const sent = Buffer.concat([
      ...feed(client, Buffer.from('RFB 003.008\n')),
      ...feed(client, Buffer.from([2, 2, 1])),
      ...feed(client, Buffer.from(u32(0))),
    ]);
    expect(sent.toString('latin1', 0, 12)).toBe('RFB 003.008\n');
    expect([...sent.subarray(12)]).toEqual([1, 1]); // None, then ClientInit shared=1
    const init = Buffer.concat(feed(client, serverInit(4, 2)));
    expect(init[0]).toBe(0); // SetPixelFormat
    expect([...init.subarray(20, 28)]).toEqual([2, 0, 0, 1, 0, 0, 0, 0]); // SetEncodings [Raw]
    expect([...init.subarray(28)]).toEqual([3, 0, 0, 0, 0, 0, 0, 4, 0, 2]); // full, non-incremental
    // A bell, then an update of two rectangles: the left half red, the right half blue.
    const red = [0, 0, 255, 0];
    const blue = [255, 0, 0, 0];
    const update = Buffer.from([
      2,
      0,
      0,
      ...u16(2),
      ...u16(0),
      ...u16(0),
      ...u16(2),
      ...u16(2),
      ...u32(0),
      ...red,
      ...red,
      ...red,
      ...red,
      ...u16(2),
      ...u16(0),
      ...u16(2),
      ...u16(2),
      ...u32(0),
      ...blue,
      ...blue,
      ...blue,
      ...blue,
    ]);
    expect(feed(client, update, 5)).toEqual([]);
    expect(client.result?.width).toBe(4);
    expect([...client.result!.bgrx.subarray(0, 4)]).toEqual(red);
    expect([...client.result!.bgrx.subarray(8, 12)]).toEqual(blue);
    expect([...client.result!.bgrx.subarray(28, 32)]).toEqual(blue);
  });

  it('refuses a server that wants a password, an encoding not asked for, a huge framebuffer', () => {
    const pw = new RfbSnapshotClient();
    pw.push(Buffer.from('RFB 003.008\n'));
    expect(() => pw.push(Buffer.from([1, 2]))).toThrow(RfbSnapshotError);
    const big = new RfbSnapshotClient();
    big.push(Buffer.from('RFB 003.003\n'));
    big.push(Buffer.from(u32(1)));
    expect(() => big.push(serverInit(65535, 65535))).toThrow(/out of bounds/);
    const enc = new RfbSnapshotClient();
    enc.push(Buffer.from('RFB 003.003\n'));
    enc.push(Buffer.from(u32(1)));
    enc.push(serverInit(4, 2));
    expect(() => enc.push(Buffer.from([0, 0, 0, 1, 0, 0, 0, 0, 0, 4, 0, 2, 0, 0, 0, 16]))).toThrow(
      /encoding/,
    );
    expect(() => new RfbSnapshotClient().push(Buffer.from('HTTP/1.1 200\n'))).toThrow(/RFB/);
  });
});

describe('thumbnail PNG', () => {
  it('shrinks by averaging and writes a PNG whose pixels read back', () => {
    // 4×2 BGRX: left half red, right half blue → 2×1 at max width 2.
    const bgrx = Buffer.from([
      ...[0, 0, 255, 0, 0, 0, 255, 0, 255, 0, 0, 0, 255, 0, 0, 0],
      ...[0, 0, 255, 0, 0, 0, 255, 0, 255, 0, 0, 0, 255, 0, 0, 0],
    ]);
    const small = downscale(4, 2, bgrx, 2);
    expect([small.width, small.height]).toEqual([2, 1]);
    expect([...small.rgb]).toEqual([255, 0, 0, 0, 0, 255]);
    const png = encodePng(small.width, small.height, small.rgb);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const idatLength = png.readUInt32BE(33);
    const pixels = inflateSync(png.subarray(41, 41 + idatLength));
    expect([...pixels]).toEqual([0, 255, 0, 0, 0, 0, 255]);
  });
});

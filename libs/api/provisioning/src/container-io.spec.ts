import { describe, expect, it } from 'vitest';
import { ExecDemuxer } from './container-io';

const frame = (stream: number, text: string): Buffer => {
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(Buffer.byteLength(text), 4);
  return Buffer.concat([header, Buffer.from(text)]);
};

function collect(): { demuxer: ExecDemuxer; out: Record<number, string>; calls: number[] } {
  const out: Record<number, string> = { 1: '', 2: '' };
  const calls: number[] = [];
  const demuxer = new ExecDemuxer((stream, data) => {
    out[stream] = (out[stream] ?? '') + data.toString();
    calls.push(data.length);
  });
  return { demuxer, out, calls };
}

describe('ExecDemuxer', () => {
  const stream = Buffer.concat([frame(1, 'hello '), frame(2, 'oops'), frame(1, ''), frame(1, 'world')]);

  it('splits stdout and stderr whatever the chunk boundaries', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      for (const size of [1, 3, 7, 8, 9]) {
        const { demuxer, out } = collect();
        demuxer.push(stream.subarray(0, cut));
        for (let o = cut; o < stream.length; o += size) demuxer.push(stream.subarray(o, o + size));
        expect(out).toEqual({ 1: 'hello world', 2: 'oops' });
      }
    }
  });

  it('hands on the payload of a frame that announces 4 GiB as it arrives, holding none of it', () => {
    const { demuxer, out, calls } = collect();
    const header = Buffer.alloc(8);
    header[0] = 1;
    header.writeUInt32BE(0xffffffff, 4);
    demuxer.push(header);
    for (let i = 0; i < 100; i++) demuxer.push(Buffer.alloc(1000, 0x61));
    expect(out[1].length).toBe(100_000);
    expect(calls.every((n) => n === 1000)).toBe(true);
  });
});

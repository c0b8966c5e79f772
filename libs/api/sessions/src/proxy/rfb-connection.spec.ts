import { describe, expect, it } from 'vitest';
import { RfbConnection } from './rfb-connection';
import { ENC, RfbViolation, type RfbPolicy } from './rfb-protocol';
import { PF16, body, c, s } from './rfb-test-fixtures';

type Side = 'client' | 'server';
/** One frame as a side sent it, and what should come out of the relay for it (default: itself). */
interface Ev {
  from: Side;
  bytes: Buffer;
  out?: Buffer;
}

const VIEW_ONLY: RfbPolicy = { viewOnly: true, clipboardUp: false, clipboardDown: false };
const OWNER: RfbPolicy = { viewOnly: false, clipboardUp: true, clipboardDown: true };
const NONE = Buffer.alloc(0);
const ev = (from: Side, bytes: Buffer, out?: Buffer): Ev => ({ from, bytes, out });
const cat = (...b: Buffer[]): Buffer => Buffer.concat(b);

/** Feeds frames in order (optionally re-cut); answers all bytes that reached each side. */
function run(
  policy: RfbPolicy,
  frames: { from: Side; bytes: Buffer }[],
): { toServer: Buffer; toClient: Buffer } {
  const conn = new RfbConnection(policy);
  const toServer: Buffer[] = [];
  const toClient: Buffer[] = [];
  for (const f of frames) {
    const out = f.from === 'client' ? conn.fromClient(f.bytes) : conn.fromServer(f.bytes);
    toServer.push(...out.toServer);
    toClient.push(...out.toClient);
  }
  return { toServer: cat(...toServer), toClient: cat(...toClient) };
}

function feed(conn: RfbConnection, events: Ev[]): void {
  for (const e of events) {
    if (e.from === 'client') conn.fromClient(e.bytes);
    else conn.fromServer(e.bytes);
  }
}

const expected = (events: Ev[], side: Side): Buffer =>
  cat(...events.filter((e) => e.from === side).map((e) => e.out ?? e.bytes));

function check(policy: RfbPolicy, events: Ev[]): void {
  const got = run(policy, events);
  expect(got.toServer).toEqual(expected(events, 'client'));
  expect(got.toClient).toEqual(expected(events, 'server'));
}

function violation(policy: RfbPolicy, frames: { from: Side; bytes: Buffer }[]): string {
  try {
    run(policy, frames);
  } catch (e) {
    expect(e).toBeInstanceOf(RfbViolation);
    return (e as Error).message;
  }
  throw new Error('no violation');
}

/** The handshake of a 3.8 server offering None, as noVNC and TigerVNC speak it. */
const handshake38 = (serverInit = s.serverInit()): Ev[] => [
  ev('server', s.version(8)),
  ev('client', c.version(8)),
  ev('server', s.securityTypes([1])),
  ev('client', c.securityType(1)),
  ev('server', s.securityResult()),
  ev('client', c.clientInit(0), c.clientInit(1)), // exclusive is turned into shared
  ev('server', serverInit),
];

// noVNC's SetEncodings, and what the relay keeps of it when it parses the server stream.
const NOVNC_ENCODINGS = [
  1,
  50,
  7,
  -260,
  16,
  21,
  5,
  2,
  6,
  0,
  -26,
  -254,
  -223,
  -224,
  -258,
  -261,
  -308,
  -309,
  -312,
  -313,
  -307,
  ENC.extendedClipboard,
  -316,
  0x574d5664,
  -239,
];
const PARSEABLE_NOVNC = NOVNC_ENCODINGS.filter(
  (e) => ![21, -316, 0x574d5664, ENC.extendedClipboard].includes(e),
);

/** A recorded-style view-only session: every client message type, a server stream of every encoding. */
function recordedViewOnly(big = false): Ev[] {
  const n = big ? 20000 : 300;
  return [
    ...handshake38(),
    ev('client', c.setPixelFormat()),
    ev('client', c.setEncodings(NOVNC_ENCODINGS), c.setEncodings(PARSEABLE_NOVNC)),
    ev('client', c.fbur(0)),
    ev('client', c.fence()),
    ev('client', c.enableContinuousUpdates()),
    ev('server', s.fence()),
    ev('server', s.endOfContinuousUpdates()),
    ev('client', cat(c.key(1), c.key(0), c.pointer(1), c.pointer(0)), NONE),
    ev('client', c.cutText('secret'), NONE),
    ev('client', c.extendedCutText(Buffer.from([0, 0, 0, 1, 9, 9])), NONE),
    ev('client', c.qemuKey(), NONE),
    ev('client', c.setDesktopSize(), NONE),
    ev('client', c.xvp(), NONE),
    ev('client', c.qemuAudio(0)),
    ev('client', c.qemuAudio(2)),
    ev('client', c.fbur(1)),
    ev(
      'server',
      s.fbu([
        s.rect(0, 0, 4, 3, ENC.raw, body.raw(4, 3)),
        s.rect(0, 0, 4, 4, ENC.copyRect, body.copyRect()),
        s.rect(0, 0, 9, 9, ENC.rre, body.rre(2)),
        s.rect(0, 0, 20, 20, ENC.hextile, body.hextile(20, 20)),
        s.rect(0, 0, 64, 64, ENC.zrle, body.lengthPrefixed(33)),
        s.rect(0, 0, 64, 64, ENC.zlib, body.lengthPrefixed(7)),
        s.rect(0, 0, 64, 64, ENC.h264, body.h264(5)),
        s.rect(0, 0, 3, 5, ENC.cursor, body.cursor(3, 5)),
        s.rect(0, 0, 1280, 800, ENC.extendedDesktopSize, body.extendedDesktopSize(2)),
        s.rect(0, 0, 1280, 800, ENC.desktopSize),
        s.rect(0, 0, 0, 0, ENC.qemuLedEvent, Buffer.from([3])),
        s.rect(0, 0, 0, 0, ENC.desktopName, body.lengthPrefixed(4)),
      ]),
    ),
    ev('server', s.cutText('the owner’s password'), NONE),
    ev('server', s.bell()),
    ev('server', s.colorMap(2)),
    ev('server', s.extendedCutText(Buffer.from([0x10, 0, 0, 1])), NONE),
    ev('server', s.xvp()),
    ev(
      'server',
      s.fbu(
        [
          s.rect(0, 0, 50, 50, ENC.tight, body.tightFill()),
          s.rect(0, 0, 50, 50, ENC.tight, body.tightJpeg(n)),
          s.rect(0, 0, 2, 1, ENC.tight, body.tightCopy(2, 1)),
          s.rect(0, 0, 50, 50, ENC.tight, body.tightCopy(50, 50)),
          s.rect(0, 0, 30, 10, ENC.tight, body.tightPalette(2, 30, 10)),
          s.rect(0, 0, 30, 10, ENC.tight, body.tightPalette(5, 30, 10)),
          s.rect(0, 0, 3, 1, ENC.tight, body.tightPalette(2, 3, 1)),
          s.rect(0, 0, 50, 50, ENC.tightPng, body.tightPng(n)),
          s.rect(0, 0, 0, 0, ENC.lastRect),
        ],
        0xffff,
      ),
    ),
    ev('server', s.fbu([s.rect(0, 0, 2, 2, ENC.raw, body.raw(2, 2))])),
  ];
}

describe('RfbConnection handshakes', () => {
  it('3.8 with None: passes the handshake, makes ClientInit shared', () => {
    check(VIEW_ONLY, [...handshake38(), ev('client', c.fbur())]);
  });

  it('3.3 with None: the client sends no type byte; its KeyEvents after ClientInit are dropped', () => {
    // The old filter assumed 14 handshake bytes: with 3.3's 13 it forwarded the KeyEvent's first byte
    // as "ClientInit" and lost sync, so keys reached the container.
    check(VIEW_ONLY, [
      ev('server', s.version(3)),
      ev('client', c.version(3)),
      ev('server', s.securityType33(1)),
      ev('client', cat(c.clientInit(1), c.key(), c.key(0), c.pointer()), c.clientInit(1)),
      ev('server', s.serverInit()),
      ev('client', cat(c.key(), c.fbur()), c.fbur()),
    ]);
  });

  it('3.3 with VncAuth: the 16-byte response passes as a response, not as messages', () => {
    check(VIEW_ONLY, [
      ev('server', s.version(8)),
      ev('client', c.version(3)),
      ev('server', s.securityType33(2)),
      ev('server', s.challenge()),
      ev('client', c.vncAuthResponse()),
      ev('server', s.securityResult()),
      ev('client', c.clientInit(1)),
      ev('server', s.serverInit()),
      ev('client', cat(c.key(), c.fbur()), c.fbur()),
    ]);
  });

  it('3.7 with None has no SecurityResult; 3.7 with VncAuth has one', () => {
    check(VIEW_ONLY, [
      ev('server', s.version(7)),
      ev('client', c.version(7)),
      ev('server', s.securityTypes([1, 2])),
      ev('client', c.securityType(1)),
      ev('client', c.clientInit(1)),
      ev('server', s.serverInit()),
      ev('client', cat(c.pointer(), c.fbur()), c.fbur()),
    ]);
    check(VIEW_ONLY, [
      ev('server', s.version(7)),
      ev('client', c.version(7)),
      ev('server', s.securityTypes([2])),
      ev('client', c.securityType(2)),
      ev('server', s.challenge()),
      ev('client', c.vncAuthResponse()),
      ev('server', s.securityResult()),
      ev('client', c.clientInit(1)),
      ev('server', s.serverInit()),
      ev('client', cat(c.pointer(), c.fbur()), c.fbur()),
    ]);
  });

  it('3.8 with VncAuth and a failed SecurityResult with its reason', () => {
    check(OWNER, [
      ev('server', s.version(8)),
      ev('client', c.version(8)),
      ev('server', s.securityTypes([2])),
      ev('client', c.securityType(2)),
      ev('server', s.challenge()),
      ev('client', c.vncAuthResponse()),
      ev('server', cat(s.securityResult(false), s.reason('Authentication failed'))),
    ]);
  });

  it('offers the client only the security types it can follow, and refuses a choice not offered', () => {
    check(OWNER, [
      ev('server', s.version(8)),
      ev('client', c.version(8)),
      ev('server', s.securityTypes([19, 2, 16, 1]), s.securityTypes([2, 1])),
      ev('client', c.securityType(1)),
    ]);
    expect(
      violation(OWNER, [
        { from: 'server', bytes: s.version(8) },
        { from: 'client', bytes: c.version(8) },
        { from: 'server', bytes: s.securityTypes([19, 1]) },
        { from: 'client', bytes: c.securityType(19) },
      ]),
    ).toMatch(/security type 19/);
    expect(
      violation(OWNER, [
        { from: 'server', bytes: s.version(8) },
        { from: 'client', bytes: c.version(8) },
        { from: 'server', bytes: s.securityTypes([19]) },
      ]),
    ).toMatch(/cannot follow/);
  });

  it('refuses versions other than 3.3/3.7/3.8 and a client above the server', () => {
    expect(
      violation(OWNER, [
        { from: 'server', bytes: s.version(8) },
        { from: 'client', bytes: Buffer.from('RFB 004.001\n') },
      ]),
    ).toMatch(/ProtocolVersion/);
    expect(
      violation(OWNER, [
        { from: 'server', bytes: s.version(3) },
        { from: 'client', bytes: c.version(8) },
      ]),
    ).toMatch(/above/);
  });

  it('holds client bytes until the server has spoken, within a bound', () => {
    // A client that speaks first is held (never forwarded before the server's version), and the
    // relay's output is then what it would have been in turns.
    const got = run(VIEW_ONLY, [
      { from: 'client', bytes: cat(c.version(8), c.securityType(1), c.clientInit(1), c.key(), c.fbur()) },
      { from: 'server', bytes: cat(s.version(8), s.securityTypes([1]), s.securityResult(), s.serverInit()) },
    ]);
    expect(got.toServer).toEqual(cat(c.version(8), c.securityType(1), c.clientInit(1), c.fbur()));
    expect(violation(VIEW_ONLY, [{ from: 'client', bytes: Buffer.alloc(65 * 1024, 0x52) }])).toMatch(
      /handshake/,
    );
  });
});

describe('RfbConnection messages', () => {
  it('view-only: forwards picture requests, fences and continuous updates; drops every input; drops ServerCutText', () => {
    check(VIEW_ONLY, recordedViewOnly(true));
  });

  it('owner with clipboard both ways: everything passes unchanged (except extended mouse buttons)', () => {
    const encs = NOVNC_ENCODINGS.filter((e) => e !== -316);
    check(OWNER, [
      ...handshake38(),
      ev('client', c.setPixelFormat()),
      ev('client', c.setEncodings(NOVNC_ENCODINGS), c.setEncodings(encs)),
      ev(
        'client',
        cat(c.fbur(), c.key(), c.pointer(), c.cutText('hello'), c.qemuKey(), c.setDesktopSize(), c.xvp()),
      ),
      ev('client', c.extendedCutText(Buffer.from([0, 0, 0, 1]))),
      // Not parsed after ServerInit: whatever the server sends passes, ServerCutText included.
      ev('server', cat(s.cutText('copied'), s.fbu([s.rect(0, 0, 1, 1, 12345, Buffer.alloc(7))]))),
    ]);
  });

  it('clipboard up off: drops ClientCutText (plain and extended) and the extended-clipboard encoding', () => {
    check({ viewOnly: false, clipboardUp: false, clipboardDown: true }, [
      ...handshake38(),
      ev('client', c.setEncodings([16, ENC.extendedClipboard, 0]), c.setEncodings([16, 0])),
      ev('client', cat(c.key(), c.cutText('from the visitor'), c.pointer()), cat(c.key(), c.pointer())),
      ev('client', c.extendedCutText(Buffer.from([0, 0, 0, 1, 1])), NONE),
      ev('server', s.cutText('allowed down')),
    ]);
  });

  it('clipboard down off: keeps input, drops ServerCutText, limits SetEncodings to what it can parse', () => {
    check({ viewOnly: false, clipboardUp: true, clipboardDown: false }, [
      ...handshake38(),
      ev(
        'client',
        c.setEncodings([21, 16, 0x574d5664, ENC.extendedClipboard, -239, -32]),
        c.setEncodings([16, -239, -32]),
      ),
      ev('client', cat(c.fbur(), c.key(), c.cutText('up is fine'))),
      ev(
        'server',
        cat(
          s.fbu([s.rect(0, 0, 2, 2, ENC.zrle, body.lengthPrefixed(3))]),
          s.cutText('down is not'),
          s.bell(),
        ),
        cat(s.fbu([s.rect(0, 0, 2, 2, ENC.zrle, body.lengthPrefixed(3))]), s.bell()),
      ),
    ]);
  });

  it('follows a 16-bit pixel format set before the first request', () => {
    check(VIEW_ONLY, [
      ...handshake38(),
      ev('client', c.setPixelFormat(PF16)),
      ev('client', c.fbur()),
      ev('server', s.fbu([s.rect(0, 0, 5, 3, ENC.raw, body.raw(5, 3, 2))])),
      ev('server', s.cutText('x'), NONE),
    ]);
  });

  it('closes on a pixel format change once updates run (the switch point would be a guess)', () => {
    const frames = [
      ...handshake38(),
      ev('client', cat(c.setPixelFormat(), c.fbur(), c.setPixelFormat(PF16))),
    ];
    expect(violation(VIEW_ONLY, frames)).toMatch(/SetPixelFormat after/);
    // An owner whose server stream is not parsed may change it freely.
    expect(() => run(OWNER, frames)).not.toThrow();
  });

  it('closes on unknown client and server message types and encodings instead of guessing', () => {
    for (const type of [1, 7, 8, 127, 149, 249, 252, 253, 254])
      expect(violation(OWNER, [...handshake38(), ev('client', Buffer.from([type, 0, 0, 0]))])).toMatch(
        `unknown client message type ${type}`,
      );
    expect(violation(OWNER, [...handshake38(), ev('client', Buffer.from([255, 7, 0, 0]))])).toMatch(/QEMU/);
    expect(violation(VIEW_ONLY, [...handshake38(), ev('server', Buffer.from([4]))])).toMatch(
      /unknown server message type 4/,
    );
    expect(
      violation(VIEW_ONLY, [
        ...handshake38(),
        ev('server', s.fbu([s.rect(0, 0, 1, 1, 21, Buffer.alloc(9))])),
      ]),
    ).toMatch(/encoding 21/);
  });

  it('closes at the header of a 2 GiB ClientCutText, holding nothing of it', () => {
    const conn = new RfbConnection(OWNER);
    feed(conn, handshake38());
    const before = process.memoryUsage().arrayBuffers;
    expect(() => conn.fromClient(c.cutTextHeader(0x80000000))).toThrow(/ClientCutText of 2147483648 bytes/);
    expect(() => conn.fromClient(Buffer.alloc(1024))).toThrow(RfbViolation); // stays closed
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1024 * 1024);
  });

  it('streams an allowed 1 MiB ClientCutText through as it arrives (no buffering)', () => {
    const conn = new RfbConnection(OWNER);
    feed(conn, handshake38());
    const text = Buffer.alloc(1024 * 1024, 0x41);
    expect(cat(...conn.fromClient(c.cutTextHeader(text.length)).toServer)).toEqual(
      c.cutTextHeader(text.length),
    );
    for (let i = 0; i < text.length; i += 64 * 1024) {
      const chunk = text.subarray(i, i + 64 * 1024);
      const out = conn.fromClient(chunk).toServer;
      expect(out).toHaveLength(1);
      expect(out[0].buffer).toBe(chunk.buffer); // a slice of the frame, not a copy
    }
    expect(cat(...conn.fromClient(c.key()).toServer)).toEqual(c.key());
  });

  it('refuses SetEncodings above 1024 encodings and fences above 64 bytes', () => {
    expect(
      violation(OWNER, [
        ...handshake38(),
        ev('client', c.setEncodings(Array.from({ length: 1025 }, () => 0))),
      ]),
    ).toMatch(/1025 encodings/);
    expect(violation(OWNER, [...handshake38(), ev('client', c.fence(Buffer.alloc(65)))])).toMatch(
      /ClientFence payload of 65/,
    );
  });
});

describe('RfbConnection across WebSocket frame boundaries', () => {
  const events = recordedViewOnly();
  const want = { toServer: expected(events, 'client'), toClient: expected(events, 'server') };

  /** The events with the stream of `side` cut at byte `k` (one event becomes two frames). */
  function cutAt(side: Side, k: number): { from: Side; bytes: Buffer }[] {
    const frames: { from: Side; bytes: Buffer }[] = [];
    let offset = 0;
    for (const e of events) {
      if (e.from === side && k > offset && k < offset + e.bytes.length) {
        frames.push({ from: side, bytes: e.bytes.subarray(0, k - offset) });
        frames.push({ from: side, bytes: e.bytes.subarray(k - offset) });
      } else frames.push(e);
      if (e.from === side) offset += e.bytes.length;
    }
    return frames;
  }

  it('gives the same result for a cut at every byte of the client stream and of the server stream', () => {
    for (const side of ['client', 'server'] as const) {
      const total = events.filter((e) => e.from === side).reduce((n, e) => n + e.bytes.length, 0);
      const wrong: number[] = [];
      for (let k = 1; k < total; k++) {
        const got = run(VIEW_ONLY, cutAt(side, k));
        if (!got.toServer.equals(want.toServer) || !got.toClient.equals(want.toClient)) wrong.push(k);
      }
      expect({ side, total, wrong }).toEqual({ side, total, wrong: [] });
    }
  });

  it('gives the same result one byte per frame', () => {
    const frames = events.flatMap((e) =>
      [...e.bytes].map((b) => ({ from: e.from, bytes: Buffer.from([b]) })),
    );
    expect(run(VIEW_ONLY, frames)).toEqual(want);
  });

  it('gives the same result with consecutive frames of one side joined', () => {
    const joined: { from: Side; bytes: Buffer }[] = [];
    for (const e of events) {
      const last = joined[joined.length - 1];
      if (last?.from === e.from) last.bytes = cat(last.bytes, e.bytes);
      else joined.push({ from: e.from, bytes: e.bytes });
    }
    expect(joined.length).toBeLessThan(events.length);
    expect(run(VIEW_ONLY, joined)).toEqual(want);
  });
});

describe('input counting (what idle disconnect sees)', () => {
  const count = (policy: RfbPolicy, messages: Buffer[]): number => {
    const conn = new RfbConnection(policy);
    feed(conn, handshake38());
    for (const m of messages) conn.fromClient(m);
    return conn.shared.inputEvents;
  };

  it('counts the owner’s keys, pointer and QEMU keys, nothing else', () => {
    expect(count(OWNER, [c.fbur(), c.cutText('x'), c.setEncodings([0])])).toBe(0);
    expect(count(OWNER, [c.key(1), c.key(0), c.pointer(), cat(c.qemuKey(), c.fbur())])).toBe(4);
  });

  it('counts nothing of a view-only viewer: its input is dropped, so it keeps no session awake', () => {
    expect(count(VIEW_ONLY, [c.key(1), c.pointer(), c.qemuKey()])).toBe(0);
  });

  it('counts a message split across frames once, when it is complete', () => {
    const key = c.key(1);
    expect(count(OWNER, [key.subarray(0, 3)])).toBe(0);
    expect(count(OWNER, [key.subarray(0, 3), key.subarray(3)])).toBe(1);
  });
});

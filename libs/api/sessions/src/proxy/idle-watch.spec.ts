import { beforeEach, describe, expect, it } from 'vitest';
import { IdleWatch, type IdleClock } from './idle-watch';

/** A clock that only moves when told to, running the timers that fall due. */
class FakeClock implements IdleClock {
  time = 1_000_000;
  private timers: { at: number; fn: () => void; live: boolean }[] = [];

  now(): number {
    return this.time;
  }

  setTimer(fn: () => void, ms: number): () => void {
    const timer = { at: this.time + ms, fn, live: true };
    this.timers.push(timer);
    return () => {
      timer.live = false;
    };
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.time = due.at;
      due.live = false;
      due.fn();
    }
    this.time = end;
  }

  get pending(): number {
    return this.timers.filter((t) => t.live).length;
  }
}

describe('IdleWatch', () => {
  let clock: FakeClock;
  let watch: IdleWatch;
  let closed: string[];
  const open = (sessionId: string, name: string) => watch.watch(sessionId, () => closed.push(name));

  beforeEach(() => {
    clock = new FakeClock();
    watch = new IdleWatch(clock);
    closed = [];
  });

  it('cuts an RFB connection once the limit passes without input, and not a moment before', () => {
    const c = open('s1', 'a');
    c.rfb();
    c.limit(60);
    clock.advance(59_999);
    expect(closed).toEqual([]);
    clock.advance(1);
    expect(closed).toEqual(['a']);
    expect(watch.watching('s1')).toBe(0);
  });

  it('input pushes the deadline back, whenever it comes', () => {
    const c = open('s1', 'a');
    c.rfb();
    c.limit(10);
    clock.advance(9_000);
    c.input();
    clock.advance(9_000);
    c.input();
    clock.advance(9_999);
    expect(closed).toEqual([]);
    expect(watch.deadline('s1')).toBe(clock.now() + 1);
    clock.advance(1);
    expect(closed).toEqual(['a']);
  });

  it('a stream of input costs no timer work: one pending timer per session', () => {
    const c = open('s1', 'a');
    c.rfb();
    c.limit(30);
    for (let i = 0; i < 1_000; i++) {
      clock.advance(10);
      c.input();
    }
    expect(clock.pending).toBe(1);
    expect(closed).toEqual([]);
  });

  it('input on any of the owner’s connections keeps all of them open; idleness closes all of them', () => {
    const a = open('s1', 'a');
    const b = open('s1', 'audio');
    a.rfb();
    a.limit(5);
    b.limit(5);
    clock.advance(4_000);
    a.input();
    clock.advance(4_000);
    expect(closed).toEqual([]);
    clock.advance(1_000);
    expect(closed.sort()).toEqual(['a', 'audio']);
  });

  it('judges nothing until the connection speaks RFB (plain sockets show no input)', () => {
    const c = open('s1', 'plain');
    c.limit(1);
    clock.advance(3_600_000);
    expect(closed).toEqual([]);
    expect(watch.deadline('s1')).toBeNull();
  });

  it('judges nothing until the limit is known, and never with 0', () => {
    const c = open('s1', 'a');
    c.rfb();
    clock.advance(3_600_000);
    expect(closed).toEqual([]);
    c.limit(0);
    clock.advance(3_600_000);
    expect(closed).toEqual([]);
    // Known later (the settings lookup answers after the socket opened): counted from the last input.
    c.limit(10);
    clock.advance(0);
    expect(closed).toEqual(['a']);
  });

  it('a limit known late counts from the connection’s start, not from when it became known', () => {
    const c = open('s1', 'a');
    c.rfb();
    clock.advance(4_000);
    c.limit(10);
    clock.advance(5_999);
    expect(closed).toEqual([]);
    clock.advance(1);
    expect(closed).toEqual(['a']);
  });

  it('a new connection (Reconnect) counts as activity and starts afresh after a cut', () => {
    const a = open('s1', 'a');
    a.rfb();
    a.limit(10);
    clock.advance(10_000);
    expect(closed).toEqual(['a']);
    // The old connection's late callbacks change nothing.
    a.input();
    a.done();
    const b = open('s1', 'b');
    b.rfb();
    b.limit(10);
    clock.advance(9_999);
    expect(closed).toEqual(['a']);
    clock.advance(1);
    expect(closed).toEqual(['a', 'b']);
  });

  it('forgets a session whose connections all ended, and stops judging when no RFB one is left', () => {
    const a = open('s1', 'rfb');
    const b = open('s1', 'plain');
    a.rfb();
    a.limit(10);
    b.limit(10);
    a.done();
    clock.advance(60_000);
    expect(closed).toEqual([]);
    expect(watch.watching('s1')).toBe(1);
    b.done();
    expect(watch.watching('s1')).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('keeps sessions apart', () => {
    const a = open('s1', 'a');
    const b = open('s2', 'b');
    a.rfb();
    b.rfb();
    a.limit(10);
    b.limit(10);
    clock.advance(5_000);
    b.input();
    clock.advance(5_000);
    expect(closed).toEqual(['a']);
    clock.advance(5_000);
    expect(closed).toEqual(['a', 'b']);
  });

  it('ignores nonsense limits', () => {
    const c = open('s1', 'a');
    c.rfb();
    c.limit(-5);
    c.limit(Number.NaN);
    clock.advance(3_600_000);
    expect(closed).toEqual([]);
  });
});

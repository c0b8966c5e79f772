import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRANSFER_EXIT, TRANSFER_SCRIPT, transferArgv } from './transfer-script';

describe('transferArgv', () => {
  it('passes every input as its own argv entry after a constant script', () => {
    const argv = transferArgv('put', '/home/kasm-user', ['a b', '$(id)'], '`id`;x', 99);
    expect(argv).toEqual([
      '/bin/sh',
      '-c',
      TRANSFER_SCRIPT,
      'caster-files',
      'put',
      '/home/kasm-user',
      '99',
      '`id`;x',
      'a b',
      '$(id)',
    ]);
    expect(transferArgv('get', '/h', [], 'f', 1)[2]).toBe(TRANSFER_SCRIPT);
  });
});

// The script itself, run by the host's /bin/sh and coreutils as an unprivileged user (the
// integration test runs it in the busybox and the Debian images).
describe('the transfer script', () => {
  const asRoot = process.getuid?.() === 0;
  const NOBODY = 65534;
  let home: string;
  let outside: string;

  const run = (
    mode: 'put' | 'get',
    folders: string[],
    name: string,
    input = '',
    max = 1024,
    root = false,
  ) => {
    const argv = transferArgv(mode, home, folders, name, max);
    const prefix =
      asRoot && !root ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'] : [];
    const [cmd, ...args] = [...prefix, ...argv];
    const r = spawnSync(cmd, args, { input, cwd: '/' });
    return { code: r.status, out: r.stdout.toString('latin1') };
  };

  beforeAll(() => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'caster-transfer-')));
    chmodSync(base, 0o755); // mkdtemp makes it 0700; the unprivileged user must pass through
    home = join(base, 'home');
    outside = join(base, 'outside');
    mkdirSync(join(home, 'docs'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret'), 'secret\n');
    writeFileSync(join(home, 'docs', 'a.txt'), 'hello\n');
    symlinkSync(outside, join(home, 'out'));
    symlinkSync(join(outside, 'secret'), join(home, 'pw'));
    symlinkSync(outside, join(home, 'docs', 'deep'));
    writeFileSync(join(home, 'big'), 'x'.repeat(2000));
    if (asRoot) {
      for (const p of [home, join(home, 'docs'), join(home, 'docs', 'a.txt'), join(home, 'big'), outside])
        chownSync(p, NOBODY, NOBODY);
    }
  });
  afterAll(() => rmSync(join(home, '..'), { recursive: true, force: true }));

  it('writes a new file beside no temporary one, mode 0644, and replaces a regular file', () => {
    expect(run('put', ['docs'], 'new.txt', 'data\n').code).toBe(0);
    expect(readFileSync(join(home, 'docs', 'new.txt'), 'utf8')).toBe('data\n');
    expect(statSync(join(home, 'docs', 'new.txt')).mode & 0o777).toBe(0o644);
    expect(run('put', ['docs'], 'a.txt', 'bye\n').code).toBe(0);
    expect(readFileSync(join(home, 'docs', 'a.txt'), 'utf8')).toBe('bye\n');
    expect(readdirSync(join(home, 'docs')).sort()).toEqual(['a.txt', 'deep', 'new.txt']);
  });

  it('refuses links as folders (first or deeper) and as the target, and writes nothing', () => {
    expect(run('put', ['out'], 'x', 'pwn').code).toBe(TRANSFER_EXIT.LINK);
    expect(run('put', ['docs', 'deep'], 'secret', 'pwn').code).toBe(TRANSFER_EXIT.LINK);
    expect(run('put', [], 'pw', 'pwn').code).toBe(TRANSFER_EXIT.LINK);
    expect(readdirSync(outside)).toEqual(['secret']);
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('secret\n');
  });

  it('refuses a folder as the target, a missing folder, a file as a folder, and too many bytes', () => {
    expect(run('put', [], 'docs', 'x').code).toBe(TRANSFER_EXIT.NOT_A_FILE);
    expect(run('put', ['nope'], 'x', 'x').code).toBe(TRANSFER_EXIT.MISSING);
    expect(run('put', ['big'], 'x', 'x').code).toBe(TRANSFER_EXIT.NOT_A_FOLDER);
    expect(run('put', [], 'five', '12345', 4).code).toBe(TRANSFER_EXIT.TOO_LARGE);
    expect(existsSync(join(home, 'five'))).toBe(false);
    expect(readdirSync(home).filter((n) => n.startsWith('.caster-upload'))).toEqual([]);
  });

  it('treats shell syntax in names as plain characters', () => {
    expect(run('put', [], '$(touch pwned)', 'x').code).toBe(0);
    expect(existsSync(join(home, '$(touch pwned)'))).toBe(true);
    expect(existsSync('/pwned') || existsSync(join(home, 'pwned'))).toBe(false);
  });

  it('reads a regular file after a header with its size, and refuses links, folders, big files', () => {
    expect(run('get', ['docs'], 'new.txt').out).toBe('CASTER-FILE 5\ndata\n');
    expect(run('get', [], 'pw').code).toBe(TRANSFER_EXIT.LINK);
    expect(run('get', ['out'], 'secret').code).toBe(TRANSFER_EXIT.LINK);
    expect(run('get', ['docs', 'deep'], 'secret')).toEqual({ code: TRANSFER_EXIT.LINK, out: '' });
    expect(run('get', [], 'docs').code).toBe(TRANSFER_EXIT.NOT_A_FILE);
    expect(run('get', [], 'missing').code).toBe(TRANSFER_EXIT.MISSING);
    expect(run('get', [], 'big', '', 1999)).toEqual({ code: TRANSFER_EXIT.TOO_LARGE, out: '' });
  });

  it('never runs as root', () => {
    if (!asRoot) return expect(asRoot).toBe(false); // only a root test runner can try it
    expect(run('get', ['docs'], 'new.txt', '', 1024, true)).toEqual({ code: TRANSFER_EXIT.ROOT, out: '' });
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { filesArchive } from './container-files';

describe('filesArchive', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('is a tar that GNU tar extracts with the contents and modes given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cstr-tar-'));
    dirs.push(dir);
    const tar = filesArchive([
      {
        path: '/run/caster-secrets/rdp-password',
        content: Buffer.from('s3cret pa$$ "x"\n'),
        mode: 0o400,
        uid: 1000,
      },
      { path: '/etc/one', content: Buffer.alloc(1500, 0x61), mode: 0o644, uid: 0 },
    ]);
    expect(tar.length % 512).toBe(0);
    writeFileSync(join(dir, 'a.tar'), tar);
    const listing = execFileSync('tar', ['-tvf', join(dir, 'a.tar')], { encoding: 'utf8' });
    expect(listing).toMatch(/^-r-------- 1000\/1000 +16 .* run\/caster-secrets\/rdp-password$/m);
    expect(listing).toMatch(/^-rw-r--r-- 0\/0 +1500 .* etc\/one$/m);
    execFileSync('tar', ['-xf', join(dir, 'a.tar'), '-C', dir]);
    expect(readFileSync(join(dir, 'run/caster-secrets/rdp-password'), 'utf8')).toBe('s3cret pa$$ "x"\n');
    expect(statSync(join(dir, 'etc/one')).size).toBe(1500);
  });

  it('refuses paths that are relative or climb out', () => {
    for (const path of ['run/x', '/run/../etc/shadow', '/run/x/', '/run//x'])
      expect(() => filesArchive([{ path, content: Buffer.from('x'), mode: 0o400, uid: 0 }])).toThrow(
        /absolute/,
      );
  });
});

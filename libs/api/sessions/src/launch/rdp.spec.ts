import { describe, expect, it } from 'vitest';
import { rdpFile } from './rdp';

describe('rdpFile', () => {
  it('writes the address, user and remote app settings', () => {
    const text = rdpFile({
      protocol: 'rdp',
      hostname: 'rds.example.com',
      port: 3389,
      username: 'alice',
      domain: 'CORP',
      'remote-app': '||Microsoft Excel',
      'remote-app-args': '"C:\\Data\\q1.xlsx"',
    });
    expect(text).toContain('full address:s:rds.example.com:3389\r\n');
    expect(text).toContain('username:s:alice\r\n');
    expect(text).toContain('domain:s:CORP\r\n');
    expect(text).toContain('remoteapplicationmode:i:1\r\n');
    expect(text).toContain('remoteapplicationprogram:s:||Microsoft Excel\r\n');
    expect(text).toContain('remoteapplicationcmdline:s:"C:\\Data\\q1.xlsx"\r\n');
  });

  it('cannot be given extra settings through a value with line breaks', () => {
    const text = rdpFile({ protocol: 'rdp', hostname: 'h', port: 1, username: 'x\r\ndrivestoredirect:s:*' });
    expect(text.split('\r\n').some((l) => l.startsWith('drivestoredirect'))).toBe(false);
  });
});

import type { SessionConnection } from '@caster/contracts';

/** An .rdp value may not contain line breaks: each line is one setting. */
const clean = (v: string): string => v.replace(/[\r\n]/g, ' ');

/** The .rdp file of a server or pool session (Microsoft Remote Desktop's text format). */
export function rdpFile(c: SessionConnection): string {
  const lines = [
    `full address:s:${clean(c.hostname)}:${c.port}`,
    'prompt for credentials:i:1',
    'administrative session:i:0',
    'screen mode id:i:2',
    'use multimon:i:0',
    'audiomode:i:0',
    'redirectclipboard:i:1',
  ];
  if (c.username) lines.push(`username:s:${clean(c.username)}`);
  if (c.domain) lines.push(`domain:s:${clean(c.domain)}`);
  if (c['remote-app']) {
    lines.push(
      'remoteapplicationmode:i:1',
      `remoteapplicationprogram:s:${clean(c['remote-app'])}`,
      `remoteapplicationname:s:${clean(c['remote-app'])}`,
    );
    if (c['remote-app-args']) lines.push(`remoteapplicationcmdline:s:${clean(c['remote-app-args'])}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

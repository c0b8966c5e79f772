import { describe, expect, it } from 'vitest';
import { buildRemoteApp, quoteWindowsArg, validateRemoteAppConfig } from './remote-app';

/** The example of the specification, as an admin pastes it. */
const EXCEL = JSON.parse(String.raw`{
  "remote_app_name": "||Microsoft Excel",
  "args": [
    {
      "url_param_name": "file",
      "value_pattern": "([a-zA-Z]:\\\\)([^\\x00-\\x1F\\*\\\"/:<>\\?\\\\\\|]+\\\\)*([^\\x00-\\x1F\\*\\\"/:<>\\?\\\\\\|]+\\.(xls|xlsx|csv))",
      "required": true
    }
  ]
}`);

/** Splits a Windows command line the way CommandLineToArgvW does (for checking quoting). */
function argv(cmd: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < cmd.length) {
    while (cmd[i] === ' ') i++;
    if (i >= cmd.length) break;
    let arg = '';
    let quoted = false;
    for (; i < cmd.length; i++) {
      const c = cmd[i];
      if (c === '\\') {
        let n = 0;
        while (cmd[i] === '\\') {
          n++;
          i++;
        }
        if (cmd[i] === '"') {
          arg += '\\'.repeat(Math.floor(n / 2));
          if (n % 2 === 1) arg += '"';
          else {
            quoted = !quoted;
          }
        } else {
          arg += '\\'.repeat(n);
          i--;
        }
      } else if (c === '"') quoted = !quoted;
      else if (c === ' ' && !quoted) break;
      else arg += c;
    }
    out.push(arg);
  }
  return out;
}

describe('validateRemoteAppConfig', () => {
  it('accepts the documented example', () => expect(validateRemoteAppConfig(EXCEL)).toEqual({}));

  it('requires remote_app_name and refuses unknown keys', () => {
    const p = validateRemoteAppConfig({ args: [{ url_param_name: 'f', colour: 'red' }], extra: 1 });
    expect(Object.keys(p).sort()).toEqual([
      'remoteAppConfig.args[0].colour',
      'remoteAppConfig.extra',
      'remoteAppConfig.remote_app_name',
    ]);
  });

  it('refuses patterns the linear-time engine cannot run, with the reason', () => {
    const p = validateRemoteAppConfig({
      remote_app_name: 'x',
      args: [
        { url_param_name: 'a', value_pattern: '(?<=x)y' },
        { url_param_name: 'b', value_pattern: '(a)\\1' },
      ],
    });
    expect(p['remoteAppConfig.args[0].value_pattern']).toMatch(/linear-time engine/);
    expect(p['remoteAppConfig.args[1].value_pattern']).toMatch(/linear-time engine/);
  });

  it('refuses reserved and duplicate parameter names', () => {
    const p = validateRemoteAppConfig({
      remote_app_name: 'x',
      args: [{ url_param_name: 'kasm_url' }, { url_param_name: 'f' }, { url_param_name: 'f' }],
    });
    expect(p['remoteAppConfig.args[0].url_param_name']).toMatch(/reserved/);
    expect(p['remoteAppConfig.args[2].url_param_name']).toMatch(/already used/);
  });
});

describe('buildRemoteApp', () => {
  it('builds the documented Excel example', () => {
    const r = buildRemoteApp(EXCEL, { file: 'C:\\Users\\Public\\Documents\\Ubuntu_Security.xlsx' });
    expect(r).toEqual({
      name: '||Microsoft Excel',
      args: 'C:\\Users\\Public\\Documents\\Ubuntu_Security.xlsx',
    });
  });

  it('matches the whole value: a valid path followed by an injection is refused', () => {
    for (const file of [
      'C:\\a.xlsx" /x calc.exe',
      'C:\\a.xlsx & calc.exe',
      'C:\\a.xlsx\n/evil',
      'xC:\\a.xlsx',
      'C:\\a.exe',
    ]) {
      expect(buildRemoteApp(EXCEL, { file })).toEqual({
        problem: expect.objectContaining({ code: 'PARAMETER_INVALID', param: 'file' }),
      });
    }
  });

  it('answers PARAMETER_REQUIRED for a missing required parameter', () => {
    expect(buildRemoteApp(EXCEL, {})).toEqual({
      problem: { code: 'PARAMETER_REQUIRED', param: 'file', reason: 'is required' },
    });
  });

  it('builds args in order: switches, static values, URL values; optional args without a value are left out', () => {
    const r = buildRemoteApp(
      {
        remote_app_name: 'app',
        args: [
          { argument_name: '/safe' },
          { argument_name: '/mode', value: 'read only' },
          { argument_name: '/user', url_param_name: 'u' },
          { argument_name: '/opt', url_param_name: 'missing' },
        ],
      },
      { u: 'al"ice \\" /admin' },
    );
    expect('args' in r).toBe(true);
    if ('args' in r)
      expect(argv(r.args)).toEqual(['/safe', '/mode', 'read only', '/user', 'al"ice \\" /admin']);
  });

  it.each(['a b', 'a"b', 'trailing\\', 'x\\"y', '" /inject', '', '\\\\server\\share\\x.csv'])(
    'quotes %j as exactly one argument',
    (value) => {
      expect(argv(quoteWindowsArg(value))).toEqual([value]);
    },
  );
});

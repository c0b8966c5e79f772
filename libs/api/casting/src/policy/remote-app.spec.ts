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
      { u: 'al ice \\ & co' },
    );
    expect('args' in r).toBe(true);
    if ('args' in r) expect(argv(r.args)).toEqual(['/safe', '/mode', 'read only', '/user', 'al ice \\ & co']);
  });

  it.each([
    'a b',
    'trailing\\',
    'C:\\dir with space\\',
    '',
    '\\\\server\\share\\x.csv',
    'C:\\x&calc&b.xlsx',
    'a|b',
    'a>b<c',
    'a^b',
    '(a)',
    'a,b;c=d',
    'C:\\plain.xlsx',
  ])('quotes %j as exactly one argument for argv and one quoted run for cmd.exe', (value) => {
    const quoted = quoteWindowsArg(value);
    expect(argv(quoted)).toEqual([value]);
    expect(cmdMetaOutsideQuotes(quoted)).toEqual([]);
  });

  it.each(['a"b', '" /inject', '%PATH%', 'x!y!', 'a\u0000b'])('refuses to quote %j', (value) => {
    expect(() => quoteWindowsArg(value)).toThrow();
  });

  it('refuses " % ! in a visitor value with PARAMETER_INVALID, and a value that starts with / or - without a pattern', () => {
    const open = { remote_app_name: 'app', args: [{ argument_name: '/file', url_param_name: 'f' }] };
    for (const f of ['a"b', '100%', 'hi!', '/admin', '-x'])
      expect(buildRemoteApp(open, { f }), f).toEqual({
        problem: expect.objectContaining({ code: 'PARAMETER_INVALID', param: 'f' }),
      });
    const switches = { remote_app_name: 'app', args: [{ url_param_name: 'f', allow_switch: true }] };
    expect(buildRemoteApp(switches, { f: '/readonly' })).toEqual({ name: 'app', args: '/readonly' });
    expect(validateRemoteAppConfig(switches)).toEqual({});
    expect(validateRemoteAppConfig({ remote_app_name: 'a', args: [{ value: '%TEMP%' }] })).toHaveProperty([
      'remoteAppConfig.args[0].value',
    ]);
  });

  it('answers a config saved before these rules (a % in an argument name) with PARAMETER_INVALID, not a throw', () => {
    const old = {
      remote_app_name: 'app',
      args: [{ argument_name: '/x%PATH%' }, { argument_name: '/y%', url_param_name: 'f' }],
    };
    expect(buildRemoteApp(old, {})).toEqual({
      problem: expect.objectContaining({ code: 'PARAMETER_INVALID' }),
    });
    expect(buildRemoteApp(old, { f: 'ok' })).toEqual({
      problem: expect.objectContaining({ code: 'PARAMETER_INVALID' }),
    });
  });

  it("passes the specification's Excel example quoted, and refuses its cmd.exe injection", () => {
    expect(buildRemoteApp(EXCEL, { file: 'C:\\Users\\Public\\a b.xlsx' })).toEqual({
      name: '||Microsoft Excel',
      args: '"C:\\Users\\Public\\a b.xlsx"',
    });
    // Matches the documented pattern (& is allowed in a file name) but must reach cmd.exe quoted.
    const r = buildRemoteApp(EXCEL, { file: 'C:\\x&calc&b.xlsx' });
    expect(r).toEqual({ name: '||Microsoft Excel', args: '"C:\\x&calc&b.xlsx"' });
    if ('args' in r) expect(cmdMetaOutsideQuotes(r.args)).toEqual([]);
  });
});

describe("the specification's Excel example against injection attempts", () => {
  // Each value is what a visitor puts in ?file=. The documented pattern lets & ^ ( ) , ; = % !
  // through (they are legal in a Windows file name), so quoting and refusal are what protect a
  // .bat/.cmd wrapper or `cmd /c` from them; the pattern alone refuses " | < > and switches.
  it.each([
    ['C:\\Users\\Public\\report.xlsx', 'C:\\Users\\Public\\report.xlsx'],
    ['C:\\x&calc&b.xlsx', '"C:\\x&calc&b.xlsx"'],
    ['C:\\a b.xlsx & calc.xlsx', '"C:\\a b.xlsx & calc.xlsx"'],
    ['C:\\x^&calc.xlsx', '"C:\\x^&calc.xlsx"'],
    ['C:\\(x)&&calc.csv', '"C:\\(x)&&calc.csv"'],
    ['C:\\x,y;z=w.xls', '"C:\\x,y;z=w.xls"'],
    ['C:\\dir & calc\\b.xlsx', '"C:\\dir & calc\\b.xlsx"'],
  ])('passes %j as one quoted argument: %s', (file, args) => {
    const r = buildRemoteApp(EXCEL, { file });
    expect(r).toEqual({ name: '||Microsoft Excel', args });
    if ('args' in r) {
      expect(argv(r.args)).toEqual([file]);
      expect(cmdMetaOutsideQuotes(r.args)).toEqual([]);
    }
  });

  it.each([
    ['C:\\%COMSPEC%.xlsx', /" % or !/], // cmd.exe expands %…% even inside quotes
    ['C:\\!x!.xlsx', /" % or !/], // and !…! with delayed expansion
    ['C:\\a.xlsx" & calc & ".xlsx', /" % or !/], // a quote would end the quoted run
    ['C:\\a|calc.xlsx', /pattern/],
    ['C:\\a>C:\\out.xlsx', /pattern/],
    ['C:\\a.xlsx\r\ncalc.xlsx', /control/],
    ['C:\\a.xlsx\ncalc', /control/],
    ['C:\\a\u0085b.xlsx', /control/], // C1 next-line: the pattern allows it, the rule does not
    ['C:\\a.xlsx /e calc', /pattern/],
    ['/regserver', /pattern/],
    ['\\\\evil\\share\\a.xlsx', /pattern/],
  ])('refuses %j with PARAMETER_INVALID', (file, reason) => {
    const r = buildRemoteApp(EXCEL, { file });
    expect(r).toEqual({
      problem: { code: 'PARAMETER_INVALID', param: 'file', reason: expect.stringMatching(reason) },
    });
  });
});

describe('quoteWindowsArg for cmd.exe', () => {
  it.each(['a & b', 'x&&y', 'a||b', '2>&1', 'C:\\dir\\&\\', '^^', 'a (b) c', 'k=v'])(
    'keeps %j inside one quoted run',
    (value) => {
      const quoted = quoteWindowsArg(value);
      expect(quoted.startsWith('"')).toBe(true);
      expect(argv(quoted)).toEqual([value]);
      expect(cmdMetaOutsideQuotes(quoted)).toEqual([]);
    },
  );

  it.each(['\u0085', '\u009b', '\u007f', '\t', '\r'])('refuses the control character %j', (c) => {
    expect(() => quoteWindowsArg(`a${c}b`)).toThrow();
    expect(
      buildRemoteApp({ remote_app_name: 'app', args: [{ url_param_name: 'f' }] }, { f: `a${c}b` }),
    ).toEqual({
      problem: expect.objectContaining({ code: 'PARAMETER_INVALID', reason: 'contains control characters' }),
    });
  });

  it('refuses a switch-like visitor value without a pattern unless allow_switch, and never an admin static value', () => {
    const open = { remote_app_name: 'app', args: [{ url_param_name: 'f' }] };
    for (const f of ['/x', '-x', '--x', '/'])
      expect(buildRemoteApp(open, { f }), f).toEqual({
        problem: expect.objectContaining({ code: 'PARAMETER_INVALID', param: 'f' }),
      });
    expect(buildRemoteApp(open, { f: 'a/-x' })).toEqual({ name: 'app', args: 'a/-x' });
    expect(buildRemoteApp({ remote_app_name: 'app', args: [{ value: '/readonly' }] }, {})).toEqual({
      name: 'app',
      args: '/readonly',
    });
  });
});

/** cmd.exe's metacharacters that are outside a double-quoted run (where cmd.exe would act on them). */
function cmdMetaOutsideQuotes(cmd: string): string[] {
  const found: string[] = [];
  let quoted = false;
  for (const c of cmd) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && '&|<>^(),;='.includes(c)) found.push(c);
  }
  return found;
}

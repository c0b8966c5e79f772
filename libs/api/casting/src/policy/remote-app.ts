import { RE2 } from 're2-wasm';
import type { RemoteAppArg, RemoteAppConfig } from '@caster/contracts';

const TOP_KEYS = new Set(['remote_app_name', 'args']);
const ARG_KEYS = new Set([
  'url_param_name',
  'required',
  'argument_name',
  'value',
  'value_pattern',
  // Caster's addition: a visitor's value may start with / or - although no pattern checks it.
  'allow_switch',
]);
/**
 * Characters no quoting makes safe for both readers of a remote-app command line: a `"` ends
 * cmd.exe's quoted run (then `&`, `|`, `<`, `>` act again), and `%` / `!` are expanded by cmd.exe
 * even inside quotes. They are refused, in visitors' values and in the admin's alike.
 */
const UNQUOTABLE = /["%!]/;
/** A switch or value that needs no quotes for CommandLineToArgvW nor cmd.exe (`,` `;` `=` split a batch file's arguments). */
const BARE = /^[A-Za-z0-9/:._+@#~\\-]+$/;
const PARAM_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
/** URL parameters the casting link itself interprets; an argument cannot claim them. */
export const RESERVED_PARAMS = new Set(['kasm_url', 'docker_network']);
/** C0, DEL and C1: line breaks end a batch file's command, and none belongs in a file name or switch. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Compiles an admin's pattern with RE2 (linear time: no catastrophic backtracking on a visitor's
 * input), anchored so that it must match the whole value. Answers the reason when RE2 refuses it
 * (lookbehind, backreferences …).
 */
export function compileWholeMatch(pattern: string): { regex: RE2 } | { error: string } {
  try {
    return { regex: new RE2(`^(?:${pattern})$`, 'u') };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Checks a Remote App Configuration when it is saved; answers field path → reason. */
export function validateRemoteAppConfig(input: unknown, path = 'remoteAppConfig'): Record<string, string> {
  const problems: Record<string, string> = {};
  if (input === null || input === undefined) return problems;
  if (typeof input !== 'object' || Array.isArray(input)) return { [path]: 'must be a JSON object' };
  const config = input as Record<string, unknown>;
  for (const key of Object.keys(config)) if (!TOP_KEYS.has(key)) problems[`${path}.${key}`] = 'unknown key';
  const name = config['remote_app_name'];
  if (typeof name !== 'string' || name.trim() === '' || name.length > 256 || CONTROL.test(name)) {
    problems[`${path}.remote_app_name`] =
      'required: the RemoteApp name as registered on the server (at most 256 characters)';
  }
  const args = config['args'];
  if (args === undefined) return problems;
  if (!Array.isArray(args)) return { ...problems, [`${path}.args`]: 'must be a list' };
  if (args.length > 50) problems[`${path}.args`] = 'at most 50 arguments';
  const seen = new Set<string>();
  args.forEach((arg: unknown, i) => checkArg(arg, `${path}.args[${i}]`, seen, problems));
  return problems;
}

/** One argument's problems, added to `problems` under `at`; `seen` holds the URL parameters taken so far. */
function checkArg(arg: unknown, at: string, seen: Set<string>, problems: Record<string, string>): void {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) {
    problems[at] = 'must be an object';
    return;
  }
  const a = arg as Record<string, unknown>;
  for (const key of Object.keys(a)) if (!ARG_KEYS.has(key)) problems[`${at}.${key}`] = 'unknown key';
  const param = a['url_param_name'];
  const paramProblem = urlParamProblem(param, seen);
  if (paramProblem) problems[`${at}.url_param_name`] = paramProblem;
  if (a['required'] !== undefined && typeof a['required'] !== 'boolean')
    problems[`${at}.required`] = 'must be true or false';
  if (a['allow_switch'] !== undefined && typeof a['allow_switch'] !== 'boolean')
    problems[`${at}.allow_switch`] = 'must be true or false';
  const argName = a['argument_name'];
  if (
    argName !== undefined &&
    (typeof argName !== 'string' ||
      argName.length === 0 ||
      argName.length > 128 ||
      CONTROL.test(argName) ||
      UNQUOTABLE.test(argName))
  ) {
    problems[`${at}.argument_name`] =
      'a switch such as /file (at most 128 characters, no control characters, no " % !)';
  }
  const value = a['value'];
  if (
    value !== undefined &&
    (typeof value !== 'string' || value.length > 1024 || CONTROL.test(value) || UNQUOTABLE.test(value))
  ) {
    problems[`${at}.value`] = 'a string of at most 1024 characters without control characters or " % !';
  }
  const patternProblem = valuePatternProblem(a['value_pattern']);
  if (patternProblem) problems[`${at}.value_pattern`] = patternProblem;
  if (a['required'] === true && param === undefined)
    problems[`${at}.required`] = 'a required argument needs a url_param_name';
  if (value !== undefined && param !== undefined)
    problems[`${at}.value`] = 'give either a static value or a url_param_name, not both';
}

/** Why an argument's url_param_name cannot be used, or null; a usable one is added to `seen`. */
function urlParamProblem(param: unknown, seen: Set<string>): string | null {
  if (param === undefined) return null;
  if (typeof param !== 'string' || !PARAM_NAME.test(param)) return 'letters, digits, _ . - (at most 64)';
  if (RESERVED_PARAMS.has(param)) return `"${param}" is reserved for the casting link`;
  if (seen.has(param)) return 'already used by another argument';
  seen.add(param);
  return null;
}

/** Why an argument's value_pattern cannot be used, or null. */
function valuePatternProblem(pattern: unknown): string | null {
  if (pattern === undefined) return null;
  if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > 1024)
    return 'a regular expression of at most 1024 characters';
  const compiled = compileWholeMatch(pattern);
  return 'error' in compiled ? `not usable (linear-time engine): ${compiled.error}` : null;
}

/**
 * Quotes one argument so that it stays exactly one argument for both readers of a remote-app
 * command line: CommandLineToArgvW (the program's argv) and cmd.exe (a .bat or .cmd wrapper, or
 * `cmd /c`). Anything but plain switch characters goes in double quotes, inside which cmd.exe takes
 * `& | < > ^ ( )` literally; backslashes before the closing quote are doubled so argv keeps them.
 * The caller has refused `"`, `%`, `!` and control characters (see UNQUOTABLE), which no quoting
 * makes safe for both.
 */
export function quoteWindowsArg(value: string): string {
  if (UNQUOTABLE.test(value) || CONTROL.test(value))
    throw new Error('quoteWindowsArg: value holds a character that cannot be quoted for Windows');
  if (BARE.test(value) && !value.endsWith('\\')) return value;
  const trailing = /\\*$/.exec(value)?.[0].length ?? 0;
  return `"${value}${'\\'.repeat(trailing)}"`;
}

export type RemoteAppProblem = {
  code: 'PARAMETER_REQUIRED' | 'PARAMETER_INVALID';
  param: string;
  reason: string;
};

/** Why a value (the admin's or the visitor's) cannot be passed for this argument, or null. */
function valueProblem(arg: RemoteAppArg, value: string, fromVisitor: boolean): string | null {
  if (CONTROL.test(value)) return 'contains control characters';
  if (UNQUOTABLE.test(value)) return 'contains " % or !, which cannot be passed safely to a Windows program';
  // A visitor's value that looks like a switch could add an option the admin never offered.
  if (fromVisitor && /^[/-]/.test(value) && !arg.value_pattern && !arg.allow_switch)
    return 'must not start with / or - (the link does not allow switches here)';
  if (arg.value_pattern !== undefined) {
    const compiled = compileWholeMatch(arg.value_pattern);
    if ('error' in compiled || !compiled.regex.test(value)) return 'does not match the allowed pattern';
  }
  return null;
}

/** remote-app and remote-app-args for a visitor's URL parameters, or the first problem with them. */
export function buildRemoteApp(
  config: RemoteAppConfig,
  params: Record<string, string>,
): { name: string; args: string } | { problem: RemoteAppProblem } {
  const parts: string[] = [];
  const invalid = (param: string, reason: string) => ({
    problem: { code: 'PARAMETER_INVALID' as const, param, reason },
  });
  for (const arg of config.args ?? ([] as RemoteAppArg[])) {
    const fromUrl = arg.url_param_name !== undefined ? params[arg.url_param_name] : undefined;
    const value = arg.value ?? fromUrl;
    const label = arg.url_param_name ?? arg.argument_name ?? 'value';
    // Saved before " % ! were refused at save time: refused here too, never a 500 from quoting.
    if (
      arg.argument_name !== undefined &&
      (CONTROL.test(arg.argument_name) || UNQUOTABLE.test(arg.argument_name))
    )
      return invalid(
        label,
        'cannot be passed: the link\'s argument name holds a control character or " % ! (fix the link)',
      );
    if (value === undefined) {
      if (arg.required && arg.url_param_name !== undefined) {
        return { problem: { code: 'PARAMETER_REQUIRED', param: arg.url_param_name, reason: 'is required' } };
      }
      if (arg.argument_name !== undefined && arg.url_param_name === undefined)
        parts.push(quoteWindowsArg(arg.argument_name));
      continue; // an optional argument without a value is left out
    }
    const problem = valueProblem(arg, value, fromUrl !== undefined && arg.value === undefined);
    if (problem) return invalid(label, problem);
    if (arg.argument_name !== undefined) parts.push(quoteWindowsArg(arg.argument_name));
    parts.push(quoteWindowsArg(value));
  }
  return { name: config.remote_app_name, args: parts.join(' ') };
}

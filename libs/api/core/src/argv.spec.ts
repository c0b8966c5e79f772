import { describe, expect, it } from 'vitest';
import { ArgvSyntaxError, splitArgv } from './argv';

describe('splitArgv', () => {
  it('splits on any run of whitespace', () => {
    expect(splitArgv('ls -la  /tmp\t/home\n')).toEqual(['ls', '-la', '/tmp', '/home']);
    expect(splitArgv('   ')).toEqual([]);
    expect(splitArgv('')).toEqual([]);
  });

  it('keeps shell metacharacters as plain text: nothing is expanded, piped or chained', () => {
    expect(splitArgv('echo $HOME; rm -rf / && id | cat > /etc/x `id` $(id) *')).toEqual([
      'echo',
      '$HOME;',
      'rm',
      '-rf',
      '/',
      '&&',
      'id',
      '|',
      'cat',
      '>',
      '/etc/x',
      '`id`',
      '$(id)',
      '*',
    ]);
  });

  it('takes single quotes literally', () => {
    expect(splitArgv(`echo 'a  b' 'c"d' 'x\\y'`)).toEqual(['echo', 'a  b', 'c"d', 'x\\y']);
  });

  it('unescapes only \\" \\\\ \\$ \\` inside double quotes', () => {
    expect(splitArgv('printf "%s \\"q\\" \\$HOME \\\\ \\n"')).toEqual(['printf', '%s "q" $HOME \\ \\n']);
  });

  it('joins adjacent quoted and plain parts into one word, and keeps empty quoted words', () => {
    expect(splitArgv(`a"b c"'d e'f`)).toEqual(['ab cd ef']);
    expect(splitArgv(`cmd '' ""`)).toEqual(['cmd', '', '']);
  });

  it('escapes the next character with a backslash outside quotes', () => {
    expect(splitArgv('touch my\\ file \\;')).toEqual(['touch', 'my file', ';']);
  });

  it('refuses unterminated quotes and a trailing backslash', () => {
    expect(() => splitArgv(`echo 'oops`)).toThrow(ArgvSyntaxError);
    expect(() => splitArgv('echo "oops')).toThrow(ArgvSyntaxError);
    expect(() => splitArgv('echo \\')).toThrow(ArgvSyntaxError);
  });
});

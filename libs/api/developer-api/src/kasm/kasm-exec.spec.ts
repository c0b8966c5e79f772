import { describe, expect, it } from 'vitest';
import { AppError } from '@caster/api/core';
import { execArgv, execEnv } from './kasm-sessions.service';

const fieldsOf = (fn: () => unknown): Record<string, string> => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.details?.fields ?? {};
    throw e;
  }
  throw new Error('did not throw');
};

describe('exec_config', () => {
  it('takes an argv list as it is, metacharacters included', () => {
    expect(execArgv(['echo', 'a; id', '$HOME'])).toEqual(['echo', 'a; id', '$HOME']);
  });

  it('splits a command line without a shell', () => {
    expect(execArgv(`echo "a  b" 'c;d' $(id)`)).toEqual(['echo', 'a  b', 'c;d', '$(id)']);
  });

  it('refuses empty, non-string, oversized and unterminated commands', () => {
    expect(fieldsOf(() => execArgv([]))).toHaveProperty(['exec_config.cmd']);
    expect(fieldsOf(() => execArgv('   '))).toHaveProperty(['exec_config.cmd']);
    expect(fieldsOf(() => execArgv(['ls', 3]))).toHaveProperty(['exec_config.cmd']);
    expect(fieldsOf(() => execArgv(42))).toHaveProperty(['exec_config.cmd']);
    expect(fieldsOf(() => execArgv('echo "open'))).toEqual({
      'exec_config.cmd': 'unterminated double quote',
    });
    expect(fieldsOf(() => execArgv(Array.from({ length: 300 }, () => 'x')))).toHaveProperty([
      'exec_config.cmd',
    ]);
    expect(fieldsOf(() => execArgv(['a\0b']))).toHaveProperty(['exec_config.cmd']);
  });

  it('turns the environment into NAME=value and refuses odd names', () => {
    expect(execEnv({ A: '1', _B2: 'x y' })).toEqual(['A=1', '_B2=x y']);
    expect(execEnv(undefined)).toEqual([]);
    expect(fieldsOf(() => execEnv({ 'BAD-NAME': 'x' }))).toHaveProperty(['exec_config.environment.BAD-NAME']);
    expect(fieldsOf(() => execEnv({ A: 5 }))).toHaveProperty(['exec_config.environment.A']);
  });
});

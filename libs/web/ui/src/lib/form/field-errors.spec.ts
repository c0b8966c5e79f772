import { ApiError } from '@caster/web/core';
import { describe, expect, it } from 'vitest';
import {
  apiPathSegments,
  describeJsonPath,
  describeLine,
  describeLinesOf,
  mapFieldErrors,
  validationFields,
} from './field-errors';

describe('apiPathSegments', () => {
  it('splits dots and list indexes alike', () => {
    expect(apiPathSegments('server.host')).toEqual(['server', 'host']);
    expect(apiPathSegments('trustedProxies[2]')).toEqual(['trustedProxies', '2']);
    expect(apiPathSegments('runConfig.ulimits[0].soft')).toEqual(['runConfig', 'ulimits', '0', 'soft']);
    expect(apiPathSegments('env.0.key')).toEqual(['env', '0', 'key']);
  });
});

describe('mapFieldErrors', () => {
  it('puts a plain and a nested path on the field of the same path', () => {
    const { errors, unmatched } = mapFieldErrors(
      { username: 'must be 1–64 letters', 'server.host': 'required for server workspaces' },
      ['username', 'server', 'server.host'],
    );
    expect(errors).toEqual({
      username: 'must be 1–64 letters',
      'server.host': 'required for server workspaces',
    });
    expect(unmatched).toEqual([]);
  });

  it('picks the longest matching field: a known setting on its own input, an unknown key on the editor', () => {
    const { errors } = mapFieldErrors(
      {
        'settings.max_kasms_per_user': 'must not be greater than 1000',
        'settings.bogus': 'property bogus should not exist',
      },
      ['settings', 'settings.max_kasms_per_user'],
    );
    expect(errors['settings.max_kasms_per_user']).toBe('must not be greater than 1000');
    expect(errors['settings']).toBe('bogus: property bogus should not exist');
  });

  it('words deeper problems with the rest of the path and joins several on one field', () => {
    const { errors } = mapFieldErrors(
      {
        'runConfig.privileged': 'privileged containers are never allowed',
        'runConfig.ulimits[0].soft': 'must be a whole number',
      },
      [{ field: 'runConfig', describeRest: describeJsonPath }],
    );
    expect(errors['runConfig']).toBe(
      'privileged: privileged containers are never allowed; ulimits[0].soft: must be a whole number',
    );
  });

  it('names list entries by line for one-per-line textareas', () => {
    const { errors } = mapFieldErrors({ 'trustedProxies[1]': '"nope" is not an IP address or CIDR range' }, [
      { field: 'trustedProxies', describeRest: describeLine },
    ]);
    expect(errors['trustedProxies']).toBe('Line 2: "nope" is not an IP address or CIDR range');
  });

  it('counts lines as the administrator sees them when blank lines were dropped before sending', () => {
    const text = '10.0.0.0/8\n\n  \nnope\n';
    const { errors } = mapFieldErrors({ 'trustedProxies[1]': 'not a CIDR range' }, [
      { field: 'trustedProxies', describeRest: describeLinesOf(text) },
    ]);
    expect(errors['trustedProxies']).toBe('Line 4: not a CIDR range');
  });

  it('uses the default wording (#n) for list items without a custom one', () => {
    const { errors } = mapFieldErrors({ 'allowedNetworks[0]': 'the host network is never allowed' }, [
      'allowedNetworks',
    ]);
    expect(errors['allowedNetworks']).toBe('#1: the host network is never allowed');
  });

  it('rewrites an API path into a form path first (env.FOO → its row)', () => {
    const rows = ['PATH', 'bad-name'];
    const { errors } = mapFieldErrors(
      { 'env.bad-name': 'names are upper-case letters' },
      ['env', 'env.0.key', 'env.1.key'],
      (path) => {
        const i = rows.indexOf(path.replace(/^env\./, ''));
        return path.startsWith('env.') && i !== -1 ? `env.${i}.key` : undefined;
      },
    );
    expect(errors).toEqual({ 'env.1.key': 'names are upper-case letters' });
  });

  it('returns what no field can show, with its API path', () => {
    const { errors, unmatched } = mapFieldErrors(
      { extra: 'property extra should not exist', name: 'too long' },
      ['name'],
    );
    expect(errors).toEqual({ name: 'too long' });
    expect(unmatched).toEqual(['extra: property extra should not exist']);
  });

  it('does not match a field that is only a prefix of a segment', () => {
    const { errors, unmatched } = mapFieldErrors({ serverName: 'bad' }, ['server']);
    expect(errors).toEqual({});
    expect(unmatched).toEqual(['serverName: bad']);
  });

  it('takes nothing from an absent fields object', () => {
    expect(mapFieldErrors(undefined, ['name'])).toEqual({ errors: {}, unmatched: [] });
  });
});

describe('validationFields', () => {
  it('reads details.fields of a VALIDATION_FAILED error only', () => {
    const invalid = new ApiError({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: '',
      details: { fields: { name: 'required' } },
    });
    expect(validationFields(invalid)).toEqual({ name: 'required' });
    const conflict = new ApiError({
      status: 409,
      code: 'NAME_TAKEN',
      message: '',
      details: { fields: { name: 'x' } },
    });
    expect(validationFields(conflict)).toBeUndefined();
  });
});

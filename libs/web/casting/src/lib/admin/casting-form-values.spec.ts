import { type CastConfig } from '@caster/contracts';
import { describe, expect, it } from 'vitest';
import {
  castingInitialValues,
  castingRequest,
  isoToLocalInput,
  localInputToIso,
  mapServerErrors,
  parseRemoteAppConfig,
  REMOTE_APP_EXAMPLE,
  validateCastingForm,
} from './casting-form-values';

const WORKSPACE = '5d0c3a6e-0000-4000-8000-000000000001';

const valid = () => ({ ...castingInitialValues(), name: 'Demo', workspaceId: WORKSPACE });

describe('castingRequest', () => {
  it('sends every option, leaving the key out when empty so the API makes one', () => {
    const body = castingRequest(valid());
    expect(body).not.toHaveProperty('key');
    expect(body).toMatchObject({
      name: 'Demo',
      workspaceId: WORKSPACE,
      enabled: true,
      allowedReferrers: [],
      remoteAppConfig: null,
      validUntil: null,
      kasmUrl: null,
      errorUrl: null,
    });
    expect(Object.keys(body.clientSettings)).toHaveLength(10);
  });

  it('turns off what only anonymous access uses when anonymous access is off', () => {
    const body = castingRequest({
      ...valid(),
      allowAnonymous: false,
      requireCaptcha: true,
      anonymousGroupId: 'g1',
    });
    expect(body.requireCaptcha).toBe(false);
    expect(body.anonymousGroupId).toBeNull();
    const anon = castingRequest({
      ...valid(),
      allowAnonymous: true,
      requireCaptcha: true,
      anonymousGroupId: 'g1',
    });
    expect(anon.requireCaptcha).toBe(true);
    expect(anon.anonymousGroupId).toBe('g1');
  });

  it('reads referrers one per line, trimmed, skipping blank lines', () => {
    expect(
      castingRequest({ ...valid(), allowedReferrers: ' acme.com \n\n*.partner.example\n' }).allowedReferrers,
    ).toEqual(['acme.com', '*.partner.example']);
  });

  it('parses the Remote App JSON and the local Valid Until into ISO time', () => {
    const body = castingRequest({
      ...valid(),
      remoteAppConfig: REMOTE_APP_EXAMPLE,
      validUntil: '2030-01-02T03:04',
    });
    expect(body.remoteAppConfig?.remote_app_name).toBe('||Microsoft Excel');
    expect(body.remoteAppConfig?.args?.[0]?.url_param_name).toBe('file');
    expect(body.validUntil).toBe(new Date(2030, 0, 2, 3, 4).toISOString());
  });
});

describe('validateCastingForm', () => {
  it('accepts a minimal link', () => {
    expect(validateCastingForm(valid())).toEqual({});
  });

  it('checks only the fields their switches show', () => {
    expect(validateCastingForm({ ...valid(), limitSessions: false, sessionsRemaining: '' })).toEqual({});
    expect(validateCastingForm({ ...valid(), limitSessions: true, sessionsRemaining: '' })).toHaveProperty(
      'sessionsRemaining',
    );
    expect(validateCastingForm({ ...valid(), limitSessions: true, sessionsRemaining: 0 })).toEqual({});
    const ip = validateCastingForm({ ...valid(), limitIps: true, ipRequestLimit: 0, ipRequestSeconds: '' });
    expect(Object.keys(ip).sort()).toEqual(['ipRequestLimit', 'ipRequestSeconds']);
  });

  it('names what is wrong: name, workspace, key, URLs, referrer lines, JSON', () => {
    const errors = validateCastingForm({
      ...castingInitialValues(),
      key: 'has space',
      kasmUrl: 'javascript:alert(1)',
      errorUrl: 'example.com/oops',
      allowedReferrers: 'acme.com\n\nhttps://acme.com/path',
      remoteAppConfig: '{ "remote_app_name": ',
      validUntil: 'tomorrow',
    });
    expect(Object.keys(errors).sort()).toEqual([
      'allowedReferrers',
      'errorUrl',
      'kasmUrl',
      'key',
      'name',
      'remoteAppConfig',
      'validUntil',
      'workspaceId',
    ]);
    expect(errors['allowedReferrers']).toMatch(/^Line 3:/);
    expect(errors['remoteAppConfig']).toMatch(/^Not valid JSON/);
  });
});

describe('parseRemoteAppConfig', () => {
  it('reads empty as none, an object as the config, and refuses arrays and scalars', () => {
    expect(parseRemoteAppConfig('  ')).toEqual({ value: null });
    expect(parseRemoteAppConfig('{"remote_app_name":"||x"}')).toEqual({ value: { remote_app_name: '||x' } });
    expect(parseRemoteAppConfig('[]')).toHaveProperty('error');
    expect(parseRemoteAppConfig('"x"')).toHaveProperty('error');
  });
});

describe('mapServerErrors', () => {
  it('puts each API field path under the field that shows it', () => {
    const { errors, unmatched } = mapServerErrors(
      {
        'remoteAppConfig.args[0].value_pattern':
          'not usable (linear-time engine): invalid perl operator: (?<',
        'allowedReferrers[1]': 'must be a domain name such as acme.com (no scheme or path)',
        'clientSettings.allowAudio': 'must be a boolean value',
        sessionsRemaining: 'required when limitSessions is on',
        somethingNew: 'the API grew a field',
      },
      { allowedReferrers: 'acme.com\n\nbad/one' },
    );
    expect(errors).toEqual({
      remoteAppConfig: 'args[0].value_pattern: not usable (linear-time engine): invalid perl operator: (?<',
      // The second entry sent was the third line the administrator sees.
      allowedReferrers: 'Line 3: must be a domain name such as acme.com (no scheme or path)',
      'clientSettings.allowAudio': 'must be a boolean value',
      sessionsRemaining: 'required when limitSessions is on',
    });
    expect(unmatched).toEqual(['somethingNew: the API grew a field']);
  });
});

describe('datetime-local round trip', () => {
  it('shows an ISO time in local time and reads it back', () => {
    const iso = new Date(2031, 11, 24, 18, 30).toISOString();
    expect(isoToLocalInput(iso)).toBe('2031-12-24T18:30');
    expect(localInputToIso('2031-12-24T18:30')).toBe(iso);
    expect(localInputToIso('')).toBeNull();
    expect(isoToLocalInput(null)).toBe('');
  });

  it('fills the form from a saved link', () => {
    const config = {
      name: 'x',
      allowedReferrers: ['a.com', 'b.com'],
      remoteAppConfig: { remote_app_name: '||x' },
      sessionsRemaining: null,
      clientSettings: { allowAudio: false },
    } as unknown as CastConfig;
    const values = castingInitialValues(config);
    expect(values.allowedReferrers).toBe('a.com\nb.com');
    expect(JSON.parse(values.remoteAppConfig)).toEqual({ remote_app_name: '||x' });
    expect(values.sessionsRemaining).toBe('');
    expect(values.clientSettings.allowAudio).toBe(false);
    expect(values.clientSettings.audioDefaultOn).toBe(true);
  });
});

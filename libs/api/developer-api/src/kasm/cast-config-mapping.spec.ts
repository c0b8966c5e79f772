import { describe, expect, it } from 'vitest';
import { DEFAULT_CAST_CLIENT_SETTINGS, type CastConfig } from '@caster/contracts';
import { fromKasmCastConfig, kasmFieldPath, toKasmCastConfig } from './cast-config-mapping';

const SETTINGS = DEFAULT_CAST_CLIENT_SETTINGS;

const CONFIG: CastConfig = {
  id: '11111111-2222-4333-8444-555555555555',
  name: 'Demo',
  key: 'demo-key',
  workspaceId: '50faa543-9c57-4b51-8cd8-68dac9256e4b',
  enabled: true,
  allowResume: true,
  allowAnonymous: true,
  requireCaptcha: false,
  anonymousGroupId: '66666666-7777-4888-8999-000000000000',
  limitSessions: true,
  sessionsRemaining: 10,
  maxConcurrent: null,
  limitIps: true,
  ipRequestLimit: 3,
  ipRequestSeconds: 60,
  kasmUrl: 'https://example.org',
  dynamicKasmUrl: true,
  dynamicDockerNetwork: false,
  errorUrl: null,
  disableControlPanel: true,
  disableTips: false,
  enableSharing: false,
  disableFixedResolution: true,
  allowedReferrers: ['acme.com'],
  enforceClientSettings: true,
  clientSettings: SETTINGS,
  remoteAppConfig: { remote_app_name: 'calc', args: [] },
  validUntil: '2030-01-02T03:04:05.000Z',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('cast config ↔ Kasm names', () => {
  it("answers Kasm's field names, ids without dashes and Kasm's time format", () => {
    const k = toKasmCastConfig(CONFIG);
    expect(k).toMatchObject({
      cast_config_id: '11111111222243338444555555555555',
      casting_config_name: 'Demo',
      image_id: '50faa5439c574b518cd868dac9256e4b',
      group_id: '66666666777748888999000000000000',
      require_recaptcha: false,
      session_remaining: 10,
      max_concurrent: null,
      disable_fixed_res: true,
      allow_kasm_audio: true,
      allow_kasm_downloads: false,
      remote_app_configs: { remote_app_name: 'calc', args: [] },
      valid_until: '2030-01-02 03:04:05.000000',
    });
    expect(Object.keys(k).every((name) => /^[a-z_]+$/.test(name))).toBe(true);
  });

  it('reads back what it writes', () => {
    const { values, errors } = fromKasmCastConfig(toKasmCastConfig(CONFIG), {
      ...SETTINGS,
      allowAudio: false,
    });
    expect(errors).toEqual({});
    const { id: _id, createdAt: _c, updatedAt: _u, ...input } = CONFIG;
    expect(values).toEqual(input);
  });

  it('takes only the fields sent, merging client settings into the current ones', () => {
    const { values } = fromKasmCastConfig({ allow_kasm_downloads: true, limit_ips: false }, SETTINGS);
    expect(values).toEqual({ limitIps: false, clientSettings: { ...SETTINGS, allowDownloads: true } });
  });

  it('reports ids and dates it cannot read under their Kasm names', () => {
    const { errors, values } = fromKasmCastConfig(
      { image_id: 'nope', group_id: 'x', valid_until: 'soon' },
      SETTINGS,
    );
    expect(Object.keys(errors).sort()).toEqual(['group_id', 'image_id', 'valid_until']);
    expect(values).toEqual({});
    expect(fromKasmCastConfig({ group_id: '', valid_until: null }, SETTINGS).values).toEqual({
      anonymousGroupId: null,
      validUntil: null,
    });
  });

  it('names our validation fields the Kasm way', () => {
    expect(kasmFieldPath('workspaceId')).toBe('image_id');
    expect(kasmFieldPath('name')).toBe('casting_config_name');
    expect(kasmFieldPath('remoteAppConfig.args[0].value_pattern')).toBe(
      'remote_app_configs.args[0].value_pattern',
    );
    expect(kasmFieldPath('allowedReferrers[2]')).toBe('allowed_referrers[2]');
    expect(kasmFieldPath('ipRequestLimit')).toBe('ip_request_limit');
  });
});

import { type CastConfig, DEFAULT_CAST_CLIENT_SETTINGS } from '@caster/contracts';

/** A saved casting link as the API answers it, for specs: everything off unless `overrides` say. */
export function castConfigFixture(overrides: Partial<CastConfig> = {}): CastConfig {
  return {
    id: 'c-1',
    name: 'Demo',
    key: 'demo',
    workspaceId: 'w-1',
    enabled: true,
    allowResume: false,
    allowAnonymous: true,
    requireCaptcha: false,
    anonymousGroupId: null,
    limitSessions: false,
    sessionsRemaining: null,
    maxConcurrent: null,
    limitIps: false,
    ipRequestLimit: null,
    ipRequestSeconds: null,
    kasmUrl: null,
    dynamicKasmUrl: false,
    dynamicDockerNetwork: false,
    errorUrl: null,
    disableControlPanel: false,
    disableTips: false,
    enableSharing: false,
    disableFixedResolution: false,
    allowedReferrers: [],
    enforceClientSettings: false,
    clientSettings: { ...DEFAULT_CAST_CLIENT_SETTINGS },
    remoteAppConfig: null,
    validUntil: null,
    createdAt: '2030-01-01T00:00:00Z',
    updatedAt: '2030-01-01T00:00:00Z',
    ...overrides,
  };
}

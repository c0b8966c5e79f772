import type { Principal } from '@caster/api/core';
import type { CastConfigEntity } from '../cast-config.entity';
import type { CastInput, IdentifiedContext, LinkContext } from './cast-context';

/** A plain link: enabled, anonymous allowed, no limits (unit tests override what they test). */
export function link(over: Partial<CastConfigEntity> = {}): CastConfigEntity {
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
    clientSettings: {} as CastConfigEntity['clientSettings'],
    remoteAppConfig: null,
    validUntil: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...over,
  };
}

export const USER: Principal = {
  userId: 'u-1',
  username: 'ann',
  role: 'user',
  anonymous: false,
  tokenId: 't-1',
  via: 'bearer',
};

export const ANONYMOUS: Principal = { ...USER, userId: 'u-2', username: 'anon-1', anonymous: true };

export function input(over: Partial<CastInput> = {}): CastInput {
  return {
    key: 'demo',
    rawBody: {},
    ip: '203.0.113.9',
    principal: null,
    queryReferrer: undefined,
    http: {
      isJson: true,
      hasAuthCookie: false,
      origin: undefined,
      fetchSite: undefined,
      host: 'caster.example.com',
      forwardedHost: undefined,
    },
    ...over,
  };
}

export function linkContext(
  config: Partial<CastConfigEntity> = {},
  over: Partial<LinkContext> = {},
): LinkContext {
  return { ...input(), body: {}, config: link(config), ...over };
}

export function identified(
  config: Partial<CastConfigEntity> = {},
  params: Record<string, unknown> = {},
): IdentifiedContext {
  return { ...linkContext(config), body: { params }, identity: { kind: 'anonymous' } };
}

/** The coded refusal a policy throws, or undefined when it passes. */
export async function refusal(f: () => unknown): Promise<string | undefined> {
  try {
    await f();
    return undefined;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' ? code : String(e);
  }
}

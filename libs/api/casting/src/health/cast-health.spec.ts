import { describe, expect, it } from 'vitest';
import { castHealth, type CastHealthFacts } from './cast-health';

const healthy: CastHealthFacts = {
  link: {
    enabled: true,
    validUntil: null,
    limitSessions: false,
    sessionsRemaining: null,
    allowAnonymous: true,
    requireCaptcha: false,
    maxConcurrent: null,
  },
  liveSessions: 0,
  captchaConfigured: false,
  workspace: { enabled: true, type: 'container', image: 'caster/tiny-app:latest' },
  imagePresent: true,
  capacityFree: true,
};
const now = new Date('2026-06-01T00:00:00Z');
const with_ = (f: Partial<CastHealthFacts>, link: Partial<CastHealthFacts['link']> = {}) =>
  castHealth({ ...healthy, ...f, link: { ...healthy.link, ...link } }, now).reasons;

describe('castHealth', () => {
  it('is ok when nothing refuses everyone', () => {
    expect(castHealth(healthy, now)).toEqual({ status: 'ok', reasons: [] });
  });

  it('names each reason that refuses every visitor', () => {
    expect(with_({}, { enabled: false })).toEqual(['LINK_DISABLED']);
    expect(with_({}, { validUntil: new Date('2026-05-31T23:59:59Z') })).toEqual(['EXPIRED']);
    expect(with_({}, { validUntil: new Date('2026-06-02T00:00:00Z') })).toEqual([]);
    expect(with_({}, { limitSessions: true, sessionsRemaining: 0 })).toEqual(['EXHAUSTED']);
    expect(with_({}, { limitSessions: true, sessionsRemaining: 2 })).toEqual([]);
    expect(with_({}, { requireCaptcha: true })).toEqual(['CAPTCHA_NOT_CONFIGURED']);
    expect(with_({ captchaConfigured: true }, { requireCaptcha: true })).toEqual([]);
    expect(with_({ workspace: null })).toEqual(['WORKSPACE_DISABLED']);
    expect(with_({ workspace: { enabled: false, type: 'container', image: 'x' } })).toEqual([
      'WORKSPACE_DISABLED',
    ]);
    expect(with_({ imagePresent: false })).toEqual(['IMAGE_MISSING']);
    expect(with_({ capacityFree: false })).toEqual(['NO_CAPACITY']);
    expect(with_({ liveSessions: 2 }, { maxConcurrent: 2 })).toEqual(['LINK_AT_CAPACITY']);
  });

  it('a CAPTCHA only matters where anonymous visitors are let in', () => {
    expect(with_({}, { allowAnonymous: false, requireCaptcha: true })).toEqual([]);
  });

  it('images and engine slots only matter for container workspaces', () => {
    const server = { enabled: true, type: 'server', image: null };
    expect(with_({ workspace: server, imagePresent: false, capacityFree: false })).toEqual([]);
  });

  it('lists every reason at once, in a fixed order', () => {
    expect(
      castHealth(
        {
          ...healthy,
          imagePresent: false,
          link: { ...healthy.link, enabled: false, requireCaptcha: true, validUntil: new Date(0) },
        },
        now,
      ),
    ).toEqual({
      status: 'refusing',
      reasons: ['LINK_DISABLED', 'EXPIRED', 'CAPTCHA_NOT_CONFIGURED', 'IMAGE_MISSING'],
    });
  });
});

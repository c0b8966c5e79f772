import { describe, expect, it } from 'vitest';
import { DEFAULT_CAST_CLIENT_SETTINGS, type ClientSettings } from '@caster/contracts';
import type { ProxyAccess } from '../access/session-access.service';
import { mediaRefusal, mediaStreamOf } from './media-streams';

const OWNER = 'u-owner';
function access(
  settings: Partial<ClientSettings>,
  who: { viewOnly?: boolean; userId?: string | null } = {},
): Pick<ProxyAccess, 'session' | 'viewOnly' | 'userId'> {
  return {
    session: {
      userId: OWNER,
      clientSettings: { ...DEFAULT_CAST_CLIENT_SETTINGS, ...settings },
    } as ProxyAccess['session'],
    viewOnly: who.viewOnly ?? false,
    userId: who.userId === undefined ? OWNER : who.userId,
  };
}

describe('mediaStreamOf', () => {
  it.each([
    ['/audio', 'audio'],
    ['/audio?x=1', 'audio'],
    ['/audio#x', 'audio'],
    ['/microphone#?', 'microphone'],
    ['/x/../audio', 'audio'],
    ['/./audio', 'audio'],
    ['/%2e/audio', 'audio'],
    ['/x/%2e%2e/microphone', 'microphone'],
    ['/microphone', 'microphone'],
    ['/websockify', null],
    ['/', null],
    [undefined, null],
    ['/audio/', null],
    ['/AUDIO', null],
    ['/constructor', null],
    ['/toString', null],
    // Kept as they are by the upstream URL, and matched exactly by the image's router.
    ['//x/audio', null],
    ['//audio', null],
    ['/audio;x', null],
    ['/audio%3Bx', null],
  ] as const)('%s → %s', (url, stream) => {
    expect(mediaStreamOf(url)).toBe(stream);
  });
});

describe('mediaRefusal', () => {
  it('lets every other WebSocket through untouched', () => {
    expect(
      mediaRefusal(null, access({ allowAudio: false, allowMicrophone: false }, { viewOnly: true })),
    ).toBeNull();
  });

  it('sound: anyone admitted when allowAudio is on, nobody when it is off', () => {
    expect(mediaRefusal('audio', access({ allowAudio: true }))).toBeNull();
    expect(mediaRefusal('audio', access({ allowAudio: true }, { viewOnly: true, userId: null }))).toBeNull();
    expect(mediaRefusal('audio', access({ allowAudio: false }))?.slice(0, 2)).toEqual([403, 'FORBIDDEN']);
    expect(mediaRefusal('audio', access({ allowAudio: false }, { viewOnly: true }))?.[0]).toBe(403);
  });

  it('microphone: only the owner, only with allowMicrophone', () => {
    expect(mediaRefusal('microphone', access({ allowMicrophone: true }))).toBeNull();
    // The Developer API's connect link: not view-only, issued to nobody in particular.
    expect(mediaRefusal('microphone', access({ allowMicrophone: true }, { userId: null }))).toBeNull();
    expect(mediaRefusal('microphone', access({ allowMicrophone: false }))?.[0]).toBe(403);
    // A share viewer, signed in or not, never speaks into the session.
    expect(mediaRefusal('microphone', access({ allowMicrophone: true }, { viewOnly: true }))?.[2]).toMatch(
      /owner/,
    );
    expect(
      mediaRefusal('microphone', access({ allowMicrophone: true }, { viewOnly: true, userId: null }))?.[0],
    ).toBe(403);
    // Someone else's grant that is not view-only (should not exist, refused anyway).
    expect(mediaRefusal('microphone', access({ allowMicrophone: true }, { userId: 'u-other' }))?.[0]).toBe(
      403,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { profileHostPath } from './session-launch.service';

describe('profileHostPath', () => {
  const v = { username: 'alice', userId: 'u-1', workspaceId: 'w-1' };
  it('fills the placeholders', () => {
    expect(profileHostPath('/srv/profiles/{username}/{image_id}', v)).toBe('/srv/profiles/alice/w-1');
    expect(profileHostPath('/srv/p/{user_id}-{workspace_id}', v)).toBe('/srv/p/u-1-w-1');
  });
  it('refuses user names that could leave the folder', () => {
    for (const username of ['..', '.', 'a/b', 'a b', ''])
      expect(profileHostPath('/srv/{username}', { ...v, username })).toBeNull();
  });
});

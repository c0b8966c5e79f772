import { describe, expect, it } from 'vitest';
import { credentialsOf, missingPermissions } from './api-key.guard';

const basic = (s: string) => ({ authorization: `Basic ${Buffer.from(s).toString('base64')}` });

describe('credentialsOf', () => {
  it('reads HTTP Basic (the secret may contain colons)', () => {
    expect(credentialsOf({ headers: basic('key1:sec:ret'), body: {} })).toEqual({
      key: 'key1',
      secret: 'sec:ret',
    });
  });

  it('reads api_key and api_key_secret from the JSON body', () => {
    expect(credentialsOf({ headers: {}, body: { api_key: 'k', api_key_secret: 's', x: 1 } })).toEqual({
      key: 'k',
      secret: 's',
    });
  });

  it('prefers HTTP Basic when both are sent', () => {
    expect(credentialsOf({ headers: basic('a:b'), body: { api_key: 'k', api_key_secret: 's' } })).toEqual({
      key: 'a',
      secret: 'b',
    });
  });

  it('finds nothing in a bearer header, a half body or no body', () => {
    expect(credentialsOf({ headers: { authorization: 'Bearer x' }, body: undefined })).toBeNull();
    expect(credentialsOf({ headers: {}, body: { api_key: 'k' } })).toBeNull();
    expect(credentialsOf({ headers: {}, body: { api_key: 'k', api_key_secret: 5 } })).toBeNull();
    expect(credentialsOf({ headers: basic('no-colon'), body: null })).toBeNull();
  });
});

describe('missingPermissions', () => {
  it('lists what the key lacks', () => {
    expect(missingPermissions(['user'], ['user', 'users_auth_session'])).toEqual(['users_auth_session']);
    expect(missingPermissions([], ['users_view'])).toEqual(['users_view']);
    expect(missingPermissions(['users_view', 'users_create'], ['users_view'])).toEqual([]);
  });

  it('lets global_admin do everything', () => {
    expect(missingPermissions(['global_admin'], ['user', 'users_auth_session', 'casting_delete'])).toEqual(
      [],
    );
  });
});

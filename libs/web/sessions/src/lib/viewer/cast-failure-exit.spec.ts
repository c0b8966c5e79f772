import { describe, expect, it } from 'vitest';
import { castFailureExit } from './cast-failure-exit';

describe('castFailureExit', () => {
  it("sends a failed cast launch to the link's Error URL with the code", () => {
    expect(
      castFailureExit({ cast: { errorUrl: 'https://acme.com/sorry?lang=en' } }, 'NO_CAPACITY', true),
    ).toEqual({
      kind: 'external',
      url: 'https://acme.com/sorry?lang=en&code=NO_CAPACITY',
    });
  });

  it('uses the coded error page without an Error URL, or with one that is not http(s)', () => {
    const page = { kind: 'route', to: '/error?code=PROVISION_FAILED' };
    expect(castFailureExit({ cast: { errorUrl: null } }, 'PROVISION_FAILED', true)).toEqual(page);
    expect(castFailureExit({ cast: { errorUrl: 'javascript:alert(1)' } }, 'PROVISION_FAILED', true)).toEqual(
      page,
    );
  });

  it('names an unknown failure code PROVISION_FAILED', () => {
    expect(castFailureExit({ cast: { errorUrl: null } }, 'SOMETHING_ODD', true)).toEqual({
      kind: 'route',
      to: '/error?code=PROVISION_FAILED',
    });
  });

  it('leaves dashboard sessions and sessions that ran to the viewer', () => {
    expect(castFailureExit({ cast: null }, 'NO_CAPACITY', true)).toBeNull();
    expect(castFailureExit({}, 'NO_CAPACITY', true)).toBeNull();
    expect(castFailureExit(undefined, 'NO_CAPACITY', true)).toBeNull();
    expect(castFailureExit({ cast: { errorUrl: 'https://acme.com/' } }, 'NO_CAPACITY', false)).toBeNull();
  });
});

import { type ClientSettings } from '@caster/contracts';
import { describe, expect, it } from 'vitest';
import { frameAllow, frameSandbox, frameUrl, sessionOrigin, viewOnlySettings } from './frame-url';

const ENTER = 'http://s-1.localhost:3000/.caster/enter?grant=g1';
const DASHBOARD = 'http://localhost:3000';

describe('frameUrl', () => {
  it('enters the session origin and lands on its root, telling it which origin frames it', () => {
    const url = new URL(frameUrl(ENTER, { parentOrigin: DASHBOARD }));
    expect(url.origin).toBe('http://s-1.localhost:3000');
    expect(url.pathname).toBe('/.caster/enter');
    expect(url.searchParams.get('grant')).toBe('g1');
    expect(url.searchParams.get('next')).toBe(`/?caster_parent=${encodeURIComponent(DASHBOARD)}`);
  });

  it('adds the view-only and scaling hints to the landing path, not to the enter URL', () => {
    const url = new URL(frameUrl(ENTER, { viewOnly: true, fixedResolution: true, parentOrigin: DASHBOARD }));
    const next = new URL(url.searchParams.get('next') ?? '', 'http://s-1.localhost:3000');
    expect(next.pathname).toBe('/');
    expect(next.searchParams.get('view_only')).toBe('1');
    expect(next.searchParams.get('resize')).toBe('scale');
    expect(next.searchParams.get('caster_parent')).toBe(DASHBOARD);
    expect(url.searchParams.has('view_only')).toBe(false);
  });

  it('names this page’s origin as the parent by default', () => {
    const next = new URL(frameUrl(ENTER)).searchParams.get('next') ?? '';
    expect(new URLSearchParams(next.slice(2)).get('caster_parent')).toBe(window.location.origin);
  });
});

describe('sessionOrigin', () => {
  it('is the enter URL’s origin when it matches the announced one', () => {
    expect(sessionOrigin({ enterUrl: ENTER, origin: 'http://s-1.localhost:3000' }, DASHBOARD)).toBe(
      'http://s-1.localhost:3000',
    );
  });

  it('refuses the dashboard’s own origin: a same-origin frame could lift its sandbox', () => {
    expect(
      sessionOrigin({ enterUrl: `${DASHBOARD}/.caster/enter?grant=g`, origin: DASHBOARD }, DASHBOARD),
    ).toBeNull();
  });

  it('refuses an enter URL on another origin than announced, a relative one, or another scheme', () => {
    expect(sessionOrigin({ enterUrl: ENTER, origin: 'http://s-2.localhost:3000' }, DASHBOARD)).toBeNull();
    expect(
      sessionOrigin({ enterUrl: '/session/s-1/', origin: 'http://s-1.localhost:3000' }, DASHBOARD),
    ).toBeNull();
    expect(
      sessionOrigin({ enterUrl: 'javascript:alert(1)', origin: 'javascript:alert(1)' }, DASHBOARD),
    ).toBeNull();
    expect(sessionOrigin(null, DASHBOARD)).toBeNull();
  });
});

describe('frameSandbox', () => {
  it('lets scripts run on their own origin, never navigates the top or opens popups', () => {
    const tokens = frameSandbox(null).split(' ');
    expect(tokens).toEqual(['allow-scripts', 'allow-same-origin', 'allow-forms', 'allow-pointer-lock']);
    expect(tokens.some((t) => t.startsWith('allow-top-navigation') || t.startsWith('allow-popups'))).toBe(
      false,
    );
  });

  it('allows downloads only when the client settings do', () => {
    expect(frameSandbox({ allowDownloads: true }).split(' ')).toContain('allow-downloads');
    expect(frameSandbox({ allowDownloads: false }).split(' ')).not.toContain('allow-downloads');
  });
});

describe('frameAllow', () => {
  const origin = 'http://s-1.localhost:3000';

  it('delegates to the session’s origin only what the client settings allow', () => {
    const settings = { allowClipboardUp: true, allowMicrophone: false } as ClientSettings;
    const allow = frameAllow(settings, origin).split('; ');
    expect(allow).toContain(`clipboard-read ${origin}`);
    expect(allow).toContain("clipboard-write 'none'");
    expect(allow).toContain("microphone 'none'");
    expect(allow).toContain(`fullscreen ${origin}`);
    expect(allow).toContain("camera 'none'");
    // Never the dashboard's own origin ('self' in an allow attribute) nor everyone.
    expect(allow.some((a) => a.includes("'self'") || a.endsWith(' *'))).toBe(false);
  });

  it('gives a share viewer nothing but fullscreen', () => {
    const allow = frameAllow(viewOnlySettings(), origin).split('; ');
    expect(allow.filter((a) => !a.endsWith("'none'"))).toEqual([`fullscreen ${origin}`]);
  });
});

import { type ClientSettings } from '@caster/contracts';
import { describe, expect, it } from 'vitest';
import { frameAllow, frameUrl } from './frame-url';

describe('frameUrl', () => {
  it('frames the proxied root as it is for the owner', () => {
    expect(frameUrl('/session/s-1/')).toBe('/session/s-1/');
  });

  it('adds the view-only and scaling hints, keeping an existing query and hash', () => {
    expect(frameUrl('/session/s-1/', { viewOnly: true, fixedResolution: true })).toBe(
      '/session/s-1/?view_only=1&resize=scale',
    );
    expect(frameUrl('/session/s-1/?a=b#x', { viewOnly: true })).toBe('/session/s-1/?a=b&view_only=1#x');
  });
});

describe('frameAllow', () => {
  it('grants the frame only what the client settings allow', () => {
    const settings = { allowClipboardUp: true, allowMicrophone: false } as ClientSettings;
    const allow = frameAllow(settings);
    expect(allow).toContain("clipboard-read 'self'");
    expect(allow).toContain("clipboard-write 'none'");
    expect(allow).toContain("microphone 'none'");
    expect(allow).toContain("fullscreen 'self'");
  });
});

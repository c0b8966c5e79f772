import { type ClientSettings } from '@caster/contracts';

export interface FrameUrlOptions {
  /** A share link's viewer: noVNC is asked not to send input (the proxy enforces it anyway). */
  viewOnly?: boolean;
  /**
   * Scale the picture instead of resizing the remote desktop to this window, so a shared session
   * keeps the size its viewers see.
   */
  fixedResolution?: boolean;
}

/**
 * What the viewer frames. The session images' index page forwards its query string to noVNC
 * (`vnc.html?autoconnect=1&resize=remote&path=session/<id>/websockify` by default), so the
 * proxied root is enough, plus hints that only noVNC reads; other apps ignore them.
 */
export function frameUrl(viewerUrl: string, options: FrameUrlOptions = {}): string {
  const hints = new URLSearchParams();
  if (options.viewOnly) hints.set('view_only', '1');
  if (options.fixedResolution) hints.set('resize', 'scale');
  const query = hints.toString();
  if (query === '') return viewerUrl;
  const hash = viewerUrl.indexOf('#');
  const base = hash === -1 ? viewerUrl : viewerUrl.slice(0, hash);
  const fragment = hash === -1 ? '' : viewerUrl.slice(hash);
  return `${base}${base.includes('?') ? '&' : '?'}${query}${fragment}`;
}

/**
 * The frame's permissions policy. The session is same-origin, so without an `allow` attribute it
 * would inherit the page's microphone and clipboard; deny what the client settings do not allow.
 */
export function frameAllow(settings: ClientSettings | null): string {
  const feature = (name: string, allowed: boolean) => `${name} ${allowed ? "'self'" : "'none'"}`;
  return [
    feature('clipboard-read', settings?.allowClipboardUp ?? false),
    feature('clipboard-write', settings?.allowClipboardDown ?? false),
    feature('microphone', settings?.allowMicrophone ?? false),
    feature('autoplay', settings?.allowAudio ?? false),
    feature('gamepad', settings?.allowGamepads ?? false),
    feature('fullscreen', true),
  ].join('; ');
}

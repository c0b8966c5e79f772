import { type SessionBridge } from './session-bridge';

/**
 * How the remote desktop's size follows the viewer: `remote` resizes the desktop to the window,
 * `scale` keeps the desktop's size and scales the picture, `<w>x<h>` asks for that fixed size
 * (scaled to the window).
 */
export type Resolution = 'remote' | 'scale' | `${number}x${number}`;

/** The fixed sizes the control panel offers. */
export const FIXED_SIZES = ['1024x768', '1280x720', '1280x800', '1600x900', '1920x1080'] as const;

/** A fixed size as width and height, or null for the window-following modes (or nonsense). */
export function fixedSize(resolution: string): { width: number; height: number } | null {
  const m = /^(\d{3,4})x(\d{3,4})$/.exec(resolution);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
}

export function isResolution(value: string): value is Resolution {
  return value === 'remote' || value === 'scale' || fixedSize(value) !== null;
}

/**
 * The resolution a session starts with: shared with a fixed resolution (the casting link's
 * sharing flags), the desktop keeps its size for its viewers, so the picture is scaled.
 */
export function initialResolution(fixedBySharing: boolean): Resolution {
  return fixedBySharing ? 'scale' : 'remote';
}

/**
 * What the viewer may choose: with a fixed shared resolution only `scale` (resizing the desktop
 * would resize it for every viewer); fixed sizes only when the frame's bridge can set one.
 */
export function allowedResolutions(fixedBySharing: boolean, canSetSize: boolean): Resolution[] {
  if (fixedBySharing) return ['scale'];
  return ['remote', 'scale', ...(canSetSize ? FIXED_SIZES : [])];
}

/** Tells the frame; false when there is no frame to tell. */
export function applyResolution(bridge: SessionBridge, resolution: Resolution): boolean {
  const size = fixedSize(resolution);
  if (size) return bridge.setDesktopSize(size.width, size.height);
  return bridge.setResize(resolution === 'scale' ? 'scale' : 'remote');
}

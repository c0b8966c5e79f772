import { describe, expect, it, vi } from 'vitest';
import {
  allowedResolutions,
  applyResolution,
  fixedSize,
  initialResolution,
  isResolution,
} from './resolution';
import { type SessionBridge } from './session-bridge';

describe('resolution', () => {
  it('reads fixed sizes and nothing else', () => {
    expect(fixedSize('1280x800')).toEqual({ width: 1280, height: 800 });
    expect(fixedSize('remote')).toBeNull();
    expect(fixedSize('1280x800;rm')).toBeNull();
    expect(isResolution('scale')).toBe(true);
    expect(isResolution('99999x1')).toBe(false);
  });

  it('a fixed shared resolution allows scaling only; fixed sizes need the image’s bridge', () => {
    expect(initialResolution(true)).toBe('scale');
    expect(initialResolution(false)).toBe('remote');
    expect(allowedResolutions(true, true)).toEqual(['scale']);
    expect(allowedResolutions(false, false)).toEqual(['remote', 'scale']);
    expect(allowedResolutions(false, true)).toContain('1920x1080');
  });

  it('tells the frame: a mode as resize, a size as desktop-size', () => {
    const bridge = { setResize: vi.fn(() => true), setDesktopSize: vi.fn(() => true) };
    applyResolution(bridge as unknown as SessionBridge, 'scale');
    applyResolution(bridge as unknown as SessionBridge, '1024x768');
    expect(bridge.setResize).toHaveBeenCalledWith('scale');
    expect(bridge.setDesktopSize).toHaveBeenCalledWith(1024, 768);
  });
});

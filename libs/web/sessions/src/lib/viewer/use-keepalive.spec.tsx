import { renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KEEPALIVE_INTERVAL_MS, useKeepalive } from './use-keepalive';

let visibility: DocumentVisibilityState = 'visible';

beforeEach(() => {
  vi.useFakeTimers();
  visibility = 'visible';
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('useKeepalive', () => {
  it('pings every minute while the page is visible, and not while hidden', () => {
    const ping = vi.fn();
    renderHook(() => useKeepalive(true, ping));
    expect(ping).not.toHaveBeenCalled();
    vi.advanceTimersByTime(KEEPALIVE_INTERVAL_MS);
    expect(ping).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(KEEPALIVE_INTERVAL_MS);
    expect(ping).toHaveBeenCalledTimes(2);

    visibility = 'hidden';
    vi.advanceTimersByTime(3 * KEEPALIVE_INTERVAL_MS);
    expect(ping).toHaveBeenCalledTimes(2);

    // Back in view after more than a minute: one ping at once.
    visibility = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(ping).toHaveBeenCalledTimes(3);
  });

  it('stops when inactive or unmounted', () => {
    const ping = vi.fn();
    const { rerender, unmount } = renderHook(({ active }) => useKeepalive(active, ping), {
      initialProps: { active: false },
    });
    vi.advanceTimersByTime(2 * KEEPALIVE_INTERVAL_MS);
    expect(ping).not.toHaveBeenCalled();
    rerender({ active: true });
    vi.advanceTimersByTime(KEEPALIVE_INTERVAL_MS);
    expect(ping).toHaveBeenCalledTimes(1);
    unmount();
    vi.advanceTimersByTime(2 * KEEPALIVE_INTERVAL_MS);
    expect(ping).toHaveBeenCalledTimes(1);
  });
});

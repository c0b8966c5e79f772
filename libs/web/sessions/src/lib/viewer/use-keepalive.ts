import { useEffect, useRef } from 'react';

/** How often an open, visible viewer tells the API the session is still in use. */
export const KEEPALIVE_INTERVAL_MS = 60_000;

/**
 * Calls `ping` every minute while `active` and the page is visible, and at once when the page
 * comes back into view after a minute or more hidden. A hidden tab stops pinging so that a
 * forgotten session still expires.
 */
export function useKeepalive(active: boolean, ping: () => void): void {
  const pingRef = useRef(ping);
  useEffect(() => {
    pingRef.current = ping;
  }, [ping]);

  useEffect(() => {
    if (!active) return;
    let last = Date.now();
    const beat = () => {
      if (document.visibilityState !== 'visible') return;
      last = Date.now();
      pingRef.current();
    };
    const timer = setInterval(beat, KEEPALIVE_INTERVAL_MS);
    const onVisibility = () => {
      if (Date.now() - last >= KEEPALIVE_INTERVAL_MS) beat();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [active]);
}

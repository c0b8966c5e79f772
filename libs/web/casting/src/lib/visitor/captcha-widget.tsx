import { type CaptchaProvider } from '@caster/contracts';
import { Box } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { captchaApi, type CaptchaWidgetApi, loadCaptchaScript } from './captcha-script';

export interface CaptchaWidgetProps {
  provider: CaptchaProvider;
  siteKey: string;
  scriptUrl: string;
  onToken: (token: string) => void;
  /** The script did not load (network, content blocker, CSP) or never defined its API. */
  onUnavailable: () => void;
}

/**
 * The configured provider's widget, rendered explicitly into this box. Under StrictMode the
 * effect runs twice; the first run is cancelled before the script answers, so one widget shows.
 */
export function CaptchaWidget({ provider, siteKey, scriptUrl, onToken, onUnavailable }: CaptchaWidgetProps) {
  const container = useRef<HTMLDivElement>(null);
  // Kept in refs so a parent re-render does not tear the widget down and build it again.
  const tokenHandler = useRef(onToken);
  const unavailableHandler = useRef(onUnavailable);
  useEffect(() => {
    tokenHandler.current = onToken;
    unavailableHandler.current = onUnavailable;
  });

  useEffect(() => {
    const box = container.current;
    if (!box) return;
    let cancelled = false;
    let api: CaptchaWidgetApi | null = null;
    let widgetId: string | number | undefined | null;
    loadCaptchaScript(scriptUrl)
      .then(() => captchaApi(provider))
      .then((loaded) => {
        if (cancelled) return;
        api = loaded;
        const slot = document.createElement('div');
        box.replaceChildren(slot);
        widgetId = loaded.render(slot, {
          sitekey: siteKey,
          callback: (token) => tokenHandler.current(token),
        });
      })
      .catch(() => {
        if (!cancelled) unavailableHandler.current();
      });
    return () => {
      cancelled = true;
      if (api?.remove && widgetId !== undefined && widgetId !== null) {
        try {
          api.remove(widgetId);
        } catch {
          // the provider already dropped it
        }
      }
      box.replaceChildren();
    };
  }, [provider, siteKey, scriptUrl]);

  return <Box ref={container} data-testid="captcha-widget" mih={78} />;
}

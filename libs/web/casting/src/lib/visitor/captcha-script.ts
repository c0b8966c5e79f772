import { type CaptchaProvider } from '@caster/contracts';

/** The part of the three providers' widget APIs the cast page uses; they share its shape. */
export interface CaptchaRenderOptions {
  sitekey: string;
  callback: (token: string) => void;
  'expired-callback'?: () => void;
  'error-callback'?: () => void;
}

export interface CaptchaWidgetApi {
  render: (container: HTMLElement, options: CaptchaRenderOptions) => string | number | undefined | null;
  remove?: (widgetId: string | number) => void;
  reset?: (widgetId?: string | number) => void;
  ready?: (callback: () => void) => void;
}

/** The global each provider's script defines. */
export const CAPTCHA_GLOBALS: Record<CaptchaProvider, 'grecaptcha' | 'turnstile' | 'hcaptcha'> = {
  recaptcha: 'grecaptcha',
  turnstile: 'turnstile',
  hcaptcha: 'hcaptcha',
};

const SCRIPT_TIMEOUT_MS = 20_000;
const API_TIMEOUT_MS = 10_000;
const API_POLL_MS = 50;

const loads = new Map<string, Promise<void>>();

/**
 * Adds the widget's `<script>` once per URL (the URL comes from the server settings, so tests can
 * serve a stand-in). A failed load is forgotten, and its element removed, so "Try again" can
 * inject it afresh; a Content-Security-Policy refusal also surfaces here as a failed load.
 */
export function loadCaptchaScript(src: string, timeoutMs = SCRIPT_TIMEOUT_MS): Promise<void> {
  const existing = loads.get(src);
  if (existing) return existing;
  const loading = new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.dataset['casterCaptcha'] = '';
    const timer = window.setTimeout(() => fail(new Error(`timed out loading ${src}`)), timeoutMs);
    function fail(error: Error) {
      window.clearTimeout(timer);
      loads.delete(src);
      script.remove();
      reject(error);
    }
    script.addEventListener('load', () => {
      window.clearTimeout(timer);
      resolve();
    });
    script.addEventListener('error', () => fail(new Error(`could not load ${src}`)));
    document.head.appendChild(script);
  });
  loads.set(src, loading);
  return loading;
}

/**
 * The provider's API once it can render. reCAPTCHA defines `grecaptcha` before `render` is ready
 * (hence `ready`), so the global is polled briefly rather than trusted at the script's load event.
 */
export async function captchaApi(
  provider: CaptchaProvider,
  timeoutMs = API_TIMEOUT_MS,
): Promise<CaptchaWidgetApi> {
  const name = CAPTCHA_GLOBALS[provider];
  const deadline = Date.now() + timeoutMs;
  let waitedForReady = false;
  for (;;) {
    const api = (window as unknown as Record<string, CaptchaWidgetApi | undefined>)[name];
    if (api && typeof api.render === 'function') return api;
    if (Date.now() >= deadline) throw new Error(`${name} did not become available`);
    if (api && typeof api.ready === 'function' && !waitedForReady) {
      waitedForReady = true;
      const ready = api.ready.bind(api);
      await new Promise<void>((resolve) => {
        ready(resolve);
        setTimeout(resolve, Math.max(0, deadline - Date.now()));
      });
    } else {
      await new Promise((resolve) => setTimeout(resolve, API_POLL_MS));
    }
  }
}

/** For tests. */
export function forgetCaptchaScripts(): void {
  loads.clear();
}

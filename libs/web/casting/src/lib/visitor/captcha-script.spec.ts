import { afterEach, describe, expect, it } from 'vitest';
import { captchaApi, forgetCaptchaScripts, loadCaptchaScript } from './captcha-script';

const scripts = () => [...document.querySelectorAll<HTMLScriptElement>('script[data-caster-captcha]')];

afterEach(() => {
  forgetCaptchaScripts();
  scripts().forEach((s) => s.remove());
  delete (window as unknown as Record<string, unknown>)['grecaptcha'];
});

describe('loadCaptchaScript', () => {
  it('injects one <script> per URL, however often it is asked', async () => {
    const first = loadCaptchaScript('http://127.0.0.1:9/a.js');
    const second = loadCaptchaScript('http://127.0.0.1:9/a.js');
    expect(second).toBe(first);
    expect(scripts()).toHaveLength(1);
    scripts()[0].dispatchEvent(new Event('load'));
    await expect(first).resolves.toBeUndefined();
    await loadCaptchaScript('http://127.0.0.1:9/a.js');
    expect(scripts()).toHaveLength(1);
  });

  it('forgets a failed load and removes its element, so a retry injects it afresh', async () => {
    const failing = loadCaptchaScript('http://127.0.0.1:9/b.js');
    scripts()[0].dispatchEvent(new Event('error'));
    await expect(failing).rejects.toThrow(/could not load/);
    expect(scripts()).toHaveLength(0);
    void loadCaptchaScript('http://127.0.0.1:9/b.js').catch(() => undefined);
    expect(scripts()).toHaveLength(1);
  });

  it('gives up on a script that never answers', async () => {
    await expect(loadCaptchaScript('http://127.0.0.1:9/slow.js', 10)).rejects.toThrow(/timed out/);
    expect(scripts()).toHaveLength(0);
  });
});

describe('captchaApi', () => {
  it("waits for reCAPTCHA's ready() before using render", async () => {
    const api: Record<string, unknown> = {};
    api['ready'] = (cb: () => void) =>
      setTimeout(() => {
        api['render'] = () => 0;
        cb();
      }, 5);
    (window as unknown as Record<string, unknown>)['grecaptcha'] = api;
    const loaded = await captchaApi('recaptcha', 1_000);
    expect(typeof loaded.render).toBe('function');
  });

  it('fails when the script never defines the provider', async () => {
    await expect(captchaApi('hcaptcha', 60)).rejects.toThrow(/hcaptcha did not become available/);
  });
});

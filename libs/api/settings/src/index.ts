export * from './settings.module';
export * from './settings.service';
export { effectiveCaptcha, type CaptchaConfig } from './settings-values';

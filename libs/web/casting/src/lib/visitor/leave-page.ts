// The way the cast page hands the visitor to another site, kept apart so tests can watch
// it (jsdom's `location` cannot be stubbed).

/** The link's Error URL: a full page load elsewhere. */
export function goToExternal(url: string): void {
  window.location.assign(url);
}

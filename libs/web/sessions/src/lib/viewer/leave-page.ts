// The way the viewer hands a visitor to another site (a casting link's Error URL), kept apart so
// tests can watch it (jsdom's `location` cannot be stubbed).

/** A full page load elsewhere, replacing the viewer in the history (Back would fail again). */
export function goToExternal(url: string): void {
  window.location.replace(url);
}

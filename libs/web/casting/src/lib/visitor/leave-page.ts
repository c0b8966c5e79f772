// The two ways the cast page hands the visitor to another site, kept apart so tests can watch
// them (jsdom's `location` cannot be stubbed).

/** The link's Error URL: a full page load elsewhere. */
export function goToExternal(url: string): void {
  window.location.assign(url);
}

/** A resumed session's new `kasm_url`, opened beside it without giving that tab a handle on ours. */
export function openInNewTab(url: string): void {
  window.open(url, '_blank', 'noopener');
}

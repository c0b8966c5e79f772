/** The visitor's own choice of IME mode, kept in this browser (the dashboard's origin). */
const KEY = 'caster.imeMode';

/**
 * IME mode as the visitor last set it, or null when they never did: the setting "IME Default On"
 * applies only then ("if the user doesn't already have a local preference set").
 */
export function storedImePreference(): boolean | null {
  try {
    const value = window.localStorage.getItem(KEY);
    return value === '1' ? true : value === '0' ? false : null;
  } catch {
    return null;
  }
}

export function storeImePreference(on: boolean): void {
  try {
    window.localStorage.setItem(KEY, on ? '1' : '0');
  } catch {
    // Storage refused (private mode, blocked): the choice lasts for this page only.
  }
}

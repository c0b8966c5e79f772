import { useEffect } from 'react';

export const APP_TITLE = 'Caster';

/** The browser tab's text for a page: "Casting links · Caster", or just "Caster". */
export function pageTitle(title: string | null | undefined): string {
  const t = title?.trim();
  return t ? `${t} · ${APP_TITLE}` : APP_TITLE;
}

/**
 * Titles the tab while the page is shown, so tabs, history and bookmarks tell pages apart.
 * Leaving the page puts back what was there (a dialog's page under it, or plain "Caster").
 */
export function usePageTitle(title: string | null | undefined): void {
  useEffect(() => {
    const previous = document.title;
    document.title = pageTitle(title);
    return () => {
      document.title = previous;
    };
  }, [title]);
}

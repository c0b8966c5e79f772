import { type ClientSettings } from '@caster/contracts';
import { type Ref, useState } from 'react';
import { EmptyState } from '../empty-state';
import { IconLock } from '../icons';
import { frameAllow, frameSandbox, frameUrl, sessionOrigin, type SessionEntry } from './frame-url';

export interface SessionFrameProps {
  /** A fresh enter URL: single use, so the frame is keyed on it and each (re)load needs a new one. */
  entry: SessionEntry;
  /** The client settings the session runs with; null grants the frame nothing optional. */
  settings: ClientSettings | null;
  title: string;
  viewOnly?: boolean;
  fixedResolution?: boolean;
  onLoad?: () => void;
  frameRef?: Ref<HTMLIFrameElement>;
}

/**
 * The one way the dashboard frames session content: on the session's own origin, sandboxed, with
 * features delegated to that origin only, and no referrer. Refuses an entry that would put the
 * session on the dashboard's origin (see `sessionOrigin`).
 */
export function SessionFrame({
  entry,
  settings,
  title,
  viewOnly,
  fixedResolution,
  onLoad,
  frameRef,
}: SessionFrameProps) {
  const origin = sessionOrigin(entry);
  if (!origin) {
    return (
      <EmptyState
        data-testid="session-frame-refused"
        icon={<IconLock />}
        title="This session cannot be shown safely"
        text="The server gave an address for it that is not a separate origin. Ask the administrator to check the sessions URL setting."
      />
    );
  }
  return (
    <LoadedOnce
      key={entry.enterUrl}
      src={frameUrl(entry.enterUrl, { viewOnly, fixedResolution })}
      origin={origin}
      settings={settings}
      title={title}
      onLoad={onLoad}
      frameRef={frameRef}
    />
  );
}

/**
 * One element per enter URL, its src fixed at mount: the grant in it is single use, so a changed
 * hint must never reload the frame with it (the frame follows such changes through the bridge).
 */
function LoadedOnce({
  src: initialSrc,
  origin,
  settings,
  title,
  onLoad,
  frameRef,
}: {
  src: string;
  origin: string;
  settings: ClientSettings | null;
  title: string;
  onLoad?: () => void;
  frameRef?: Ref<HTMLIFrameElement>;
}) {
  const [src] = useState(initialSrc);
  return (
    <iframe
      ref={frameRef}
      src={src}
      title={title}
      sandbox={frameSandbox(settings)}
      allow={frameAllow(settings, origin)}
      allowFullScreen
      referrerPolicy="no-referrer"
      onLoad={onLoad}
      data-testid="session-frame"
      data-origin={origin}
      style={{ border: 0, width: '100%', height: '100%', display: 'block' }}
    />
  );
}

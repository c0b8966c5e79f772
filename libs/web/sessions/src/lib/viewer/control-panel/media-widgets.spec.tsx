import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderUi, user } from '@caster/web/test-utils';
import { allOff } from '../../../test/session-fixtures';
import { createSessionBridge, type SessionBridge } from '../session-bridge';
import { MediaWidgetSection, UnmuteButton } from './media-widgets';

const ORIGIN = 'http://s-1.localhost:3000';

function framed(): { bridge: SessionBridge; frame: HTMLIFrameElement } {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  return { bridge: createSessionBridge(() => frame, ORIGIN), frame };
}

/** A message as the framed session's page (caster-audio.js) sends it. */
function fromSession(frame: HTMLIFrameElement, state: string, origin = ORIGIN) {
  act(() => {
    window.dispatchEvent(
      new MessageEvent('message', {
        data: { source: 'caster-session', type: 'audio', state },
        source: frame.contentWindow,
        origin,
      }),
    );
  });
}

describe('the Unmute button', () => {
  it('is in view while the sound is off (audioDefaultOn off) and turns it on when clicked', () => {
    const { bridge } = framed();
    const onToggle = vi.fn();
    renderUi(
      <UnmuteButton
        session={{ clientSettings: { ...allOff, allowAudio: true } }}
        bridge={bridge}
        soundOn={false}
        onToggle={onToggle}
      />,
      { me: user },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Unmute' }));
    expect(onToggle).toHaveBeenCalledWith('audio', true);
  });

  it('is absent when sound is not allowed, and while it plays', () => {
    const { bridge, frame } = framed();
    const { unmount } = renderUi(
      <UnmuteButton
        session={{ clientSettings: { ...allOff } }}
        bridge={bridge}
        soundOn={false}
        onToggle={vi.fn()}
      />,
      { me: user },
    );
    expect(screen.queryByRole('button', { name: 'Unmute' })).toBeNull();
    unmount();
    renderUi(
      <UnmuteButton
        session={{ clientSettings: { ...allOff, allowAudio: true } }}
        bridge={bridge}
        soundOn
        onToggle={vi.fn()}
      />,
      { me: user },
    );
    fromSession(frame, 'playing');
    expect(screen.queryByRole('button', { name: 'Unmute' })).toBeNull();
  });

  it('comes back when the browser holds the sound back, and asks the page again on click', () => {
    const { bridge, frame } = framed();
    const post = vi.spyOn(bridge, 'post');
    renderUi(
      <UnmuteButton
        session={{ clientSettings: { ...allOff, allowAudio: true } }}
        bridge={bridge}
        soundOn
        onToggle={vi.fn()}
      />,
      { me: user },
    );
    // Another origin saying "blocked" is not the session: ignored.
    fromSession(frame, 'blocked', 'http://evil.example');
    expect(screen.queryByRole('button', { name: 'Unmute' })).toBeNull();
    fromSession(frame, 'blocked');
    fireEvent.click(screen.getByRole('button', { name: 'Unmute' }));
    expect(post).toHaveBeenCalledWith({ type: 'audio', enabled: true });
  });
});

describe('the Sound section', () => {
  it('says so when the browser holds the sound back', () => {
    const { bridge, frame } = framed();
    renderUi(<MediaWidgetSection widget="audio" bridge={bridge} checked onChange={vi.fn()} />, { me: user });
    expect(screen.queryByRole('status')).toBeNull();
    fromSession(frame, 'blocked');
    expect(screen.getByRole('status').textContent).toMatch(/holds the sound back/);
  });
});

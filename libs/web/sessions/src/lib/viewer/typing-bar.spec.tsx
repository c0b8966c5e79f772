import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderUi, user } from '@caster/web/test-utils';
import { type SessionBridge } from './session-bridge';
import { TypingBar } from './typing-bar';

function bridgeStub(): SessionBridge {
  return {
    post: vi.fn(() => true),
    pasteText: vi.fn(() => 'desktop' as const),
    requestClipboard: vi.fn(() => true),
    setResize: vi.fn(() => true),
    setDesktopSize: vi.fn(() => true),
    typeText: vi.fn(() => true),
    pressKeys: vi.fn(() => true),
    receive: vi.fn(() => null),
    features: vi.fn(() => ['keys']),
  };
}

function open(mode: 'keyboard' | 'ime', bridge = bridgeStub(), supported = true) {
  const onClose = vi.fn();
  renderUi(<TypingBar bridge={bridge} mode={mode} supported={supported} onClose={onClose} />, { me: user });
  const box = screen.getByRole<HTMLInputElement>('textbox', { name: 'Type into the session' });
  return { bridge, onClose, box };
}

/** What a browser does for typed text: the box's value changes, then `input` fires. */
function type(box: HTMLInputElement, text: string) {
  box.value = text;
  fireEvent.input(box);
}

describe('the typing bar (on-screen keyboard and IME box)', () => {
  it('types plain text as it comes and empties the box', () => {
    const { bridge, box } = open('keyboard');
    expect(document.activeElement).toBe(box);
    type(box, 'h');
    type(box, 'i');
    expect(bridge.typeText).toHaveBeenNthCalledWith(1, 'h');
    expect(bridge.typeText).toHaveBeenNthCalledWith(2, 'i');
    expect(box.value).toBe('');
  });

  it('sends composed text once, when the input method commits it', () => {
    const { bridge, box } = open('ime');
    fireEvent.compositionStart(box);
    type(box, 'ni');
    type(box, 'にほ');
    expect(bridge.typeText).not.toHaveBeenCalled();
    box.value = '日本';
    fireEvent.compositionEnd(box, { data: '日本' });
    // Firefox fires one more input with the committed text: not typed twice.
    type(box, '日本');
    expect(bridge.typeText).toHaveBeenCalledTimes(1);
    expect(bridge.typeText).toHaveBeenCalledWith('日本');
    type(box, '!');
    expect(bridge.typeText).toHaveBeenLastCalledWith('!');
  });

  it('passes Enter, Backspace, Tab and arrows as keys when nothing is typed in the box', () => {
    const { bridge, box } = open('ime');
    fireEvent.keyDown(box, { key: 'Enter' });
    fireEvent.keyDown(box, { key: 'Backspace' });
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    fireEvent.keyDown(box, { key: 'a' });
    expect(vi.mocked(bridge.pressKeys).mock.calls).toEqual([[['Enter']], [['Backspace']], [['ArrowUp']]]);
  });

  it('the on-screen keyboard has a row of keys; the IME box does not', () => {
    const { bridge } = open('keyboard');
    fireEvent.click(screen.getByRole('button', { name: 'Escape' }));
    fireEvent.click(screen.getByRole('button', { name: 'Enter' }));
    expect(vi.mocked(bridge.pressKeys).mock.calls).toEqual([[['Escape']], [['Enter']]]);
  });

  it('has no key row in IME mode, and closes', () => {
    const { onClose } = open('ime');
    expect(screen.queryByRole('button', { name: 'Escape' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Close IME input' }));
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('says so when the session is not ready, or its image never said it takes keys', () => {
    const bridge = bridgeStub();
    vi.mocked(bridge.typeText).mockReturnValue(false);
    const { box } = open('keyboard', bridge);
    type(box, 'x');
    expect(screen.getByRole('status').textContent).toMatch(/not ready for keys/);
  });
});

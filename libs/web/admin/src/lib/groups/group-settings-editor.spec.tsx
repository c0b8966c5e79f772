import {
  type EffectiveSettings,
  GROUP_SETTING_DEFAULTS,
  GROUP_SETTING_KEYS,
  GROUP_SETTINGS,
  type GroupSettingKey,
} from '@caster/contracts';
import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  describeSettingValue,
  draftFromSettings,
  GROUP_SETTING_LABELS,
  type GroupSettingsDraft,
  settingsFromDraft,
} from './group-settings-draft';
import { type EffectiveColumn, GroupSettingsEditor } from './group-settings-editor';

function Harness({
  initial,
  onDraft,
  errors,
  effective,
}: {
  initial: GroupSettingsDraft;
  onDraft?: (draft: GroupSettingsDraft) => void;
  errors?: Partial<Record<GroupSettingKey, string>>;
  effective?: EffectiveColumn | null;
}) {
  const [draft, setDraft] = useState(initial);
  return (
    <GroupSettingsEditor
      value={draft}
      errors={errors}
      effective={effective}
      onChange={(key, next) => {
        const updated = { ...draft, [key]: next };
        setDraft(updated);
        onDraft?.(updated);
      }}
    />
  );
}

function renderEditor(props: Parameters<typeof Harness>[0]) {
  return render(
    <MantineProvider>
      <Harness {...props} />
    </MantineProvider>,
  );
}

const row = (key: GroupSettingKey) => screen.getByTestId(`setting-${key}`);

// Fifteen rows of inputs are heavy for jsdom; allow for a loaded CI machine.
describe('GroupSettingsEditor', { timeout: 30_000 }, () => {
  it('lists every setting of the catalogue with its meaning, key, unit and default', () => {
    renderEditor({ initial: draftFromSettings({}) });
    expect(screen.getAllByRole('row')).toHaveLength(GROUP_SETTING_KEYS.length + 1);
    for (const key of GROUP_SETTING_KEYS) {
      const cells = within(row(key));
      expect(cells.getByText(GROUP_SETTING_LABELS[key])).toBeTruthy();
      expect(cells.getByText(key)).toBeTruthy();
      expect(cells.getByText(GROUP_SETTINGS[key].description)).toBeTruthy();
      expect(
        cells.getByText(
          new RegExp(
            `Default: ${describeSettingValue(key, GROUP_SETTINGS[key].default).replace(/[()]/g, '\\$&')}`,
          ),
        ),
      ).toBeTruthy();
    }
    expect(within(row('keepalive_expiration')).getByText(/In seconds, 60–2592000\./)).toBeTruthy();
    expect(within(row('max_kasms_per_user')).getByText(/Default: 2 sessions/)).toBeTruthy();
  });

  it('shows an unset setting as inherited, with no value input', () => {
    renderEditor({ initial: draftFromSettings({}) });
    expect(screen.getByLabelText('Set Sessions per user in this group')).toHaveProperty('checked', false);
    expect(screen.getByTestId('setting-max_kasms_per_user-inherited').textContent).toMatch(
      /lower-priority groups/,
    );
    expect(screen.queryByLabelText('Sessions per user')).toBeNull();
  });

  it('shows a set integer with its value and what it means in words', () => {
    renderEditor({ initial: draftFromSettings({ session_time_limit: 7200 }) });
    expect(screen.getByLabelText('Set Session time limit in this group')).toHaveProperty('checked', true);
    expect(screen.getByLabelText<HTMLInputElement>('Session time limit').value).toBe('7200 s');
    expect(within(row('session_time_limit')).getByText('7200 seconds (2 hours)')).toBeTruthy();
  });

  it('setting a value, then unsetting it, gives the settings to send', () => {
    const onDraft = vi.fn<(draft: GroupSettingsDraft) => void>();
    renderEditor({ initial: draftFromSettings({ allow_kasm_audio: false }), onDraft });

    fireEvent.click(screen.getByLabelText('Set Sessions per user in this group'));
    const input = screen.getByLabelText('Sessions per user');
    expect((input as HTMLInputElement).value).toBe(String(GROUP_SETTING_DEFAULTS.max_kasms_per_user));
    fireEvent.change(input, { target: { value: '5' } });
    fireEvent.click(screen.getByLabelText('Set Downloads in this group'));
    fireEvent.click(screen.getByLabelText('Downloads'));

    let draft = onDraft.mock.lastCall![0];
    expect(settingsFromDraft(draft)).toEqual({
      settings: { max_kasms_per_user: 5, allow_kasm_audio: false, allow_kasm_downloads: true },
      errors: {},
    });

    fireEvent.click(screen.getByLabelText('Set Audio in this group'));
    draft = onDraft.mock.lastCall![0];
    expect(settingsFromDraft(draft).settings).toEqual({ max_kasms_per_user: 5, allow_kasm_downloads: true });
  });

  it('shows the errors it is given next to the setting', () => {
    renderEditor({
      initial: draftFromSettings({ max_kasms_per_user: 2000 }),
      errors: { max_kasms_per_user: 'must not be greater than 1000' },
    });
    expect(within(row('max_kasms_per_user')).getByText('must not be greater than 1000')).toBeTruthy();
  });

  it('shows the effective value for the chosen user and which group it came from', () => {
    const settings = { ...GROUP_SETTING_DEFAULTS, max_kasms_per_user: 4, allow_kasm_downloads: true };
    const sources = Object.fromEntries(
      GROUP_SETTING_KEYS.map((key) => [key, null]),
    ) as EffectiveSettings['sources'];
    sources.max_kasms_per_user = 'g-eng';
    sources.allow_kasm_downloads = 'g-this';
    renderEditor({
      initial: draftFromSettings({ allow_kasm_downloads: true }),
      effective: {
        username: 'alice',
        isPending: false,
        error: null,
        data: { settings, sources },
        groupName: (id) => (id === 'g-this' ? 'this group' : 'group Engineers'),
      },
    });
    expect(screen.getByRole('columnheader', { name: 'Effective for alice' })).toBeTruthy();
    const sessions = screen.getByTestId('effective-max_kasms_per_user');
    expect(sessions.textContent).toContain('4 sessions');
    expect(sessions.textContent).toContain('from group Engineers');
    expect(screen.getByTestId('effective-allow_kasm_downloads').textContent).toContain('from this group');
    expect(screen.getByTestId('effective-idle_disconnect').textContent).toContain('the default');
  });
});

describe('settingsFromDraft', () => {
  it('refuses a set integer that is empty, fractional or out of bounds, and sends only set keys', () => {
    const draft = draftFromSettings({});
    draft.keepalive_expiration = { set: true, value: '' };
    draft.idle_disconnect = { set: true, value: 1.5 };
    draft.max_kasms_per_user = { set: true, value: 5000 };
    draft.session_time_limit = { set: true, value: 0 };
    const { settings, errors } = settingsFromDraft(draft);
    expect(settings).toEqual({ session_time_limit: 0 });
    expect(Object.keys(errors).sort()).toEqual([
      'idle_disconnect',
      'keepalive_expiration',
      'max_kasms_per_user',
    ]);
  });

  it('round-trips what a group sets', () => {
    const stored = { idle_disconnect: 0, allow_kasm_sharing: true };
    expect(settingsFromDraft(draftFromSettings(stored)).settings).toEqual(stored);
  });
});

describe('describeSettingValue', () => {
  it('says what special zeros mean and converts seconds to words', () => {
    expect(describeSettingValue('session_time_limit', 0)).toBe('0 (no limit)');
    expect(describeSettingValue('idle_disconnect', 0)).toBe('0 (never)');
    expect(describeSettingValue('keepalive_expiration', 5400)).toBe('5400 seconds (1 hour 30 minutes)');
    expect(describeSettingValue('max_kasms_per_user', 1)).toBe('1 session');
    expect(describeSettingValue('allow_kasm_audio', false)).toBe('Off');
  });
});

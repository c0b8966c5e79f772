import { type CastConfig } from '@caster/contracts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '@caster/web/test-utils';
import { CastHealthBadge, CastHealthPanel } from './cast-health-badge';
import { HEALTH_REASON_META, healthReasons } from './cast-health';

type Fields = Pick<CastConfig, 'enabled' | 'validUntil' | 'limitSessions' | 'sessionsRemaining' | 'health'>;
const NOW = Date.parse('2030-06-01T12:00:00Z');
const base: Fields = { enabled: true, validUntil: null, limitSessions: false, sessionsRemaining: null };
const refusing = (...reasons: NonNullable<Fields['health']>['reasons']): Fields => ({
  ...base,
  health: { status: 'refusing', reasons },
});

describe('healthReasons', () => {
  it("takes the API's reasons, in their fixed order", () => {
    expect(healthReasons({ ...base, health: { status: 'ok', reasons: [] } }, NOW)).toEqual([]);
    expect(healthReasons(refusing('IMAGE_MISSING', 'CAPTCHA_NOT_CONFIGURED'), NOW)).toEqual([
      'CAPTCHA_NOT_CONFIGURED',
      'IMAGE_MISSING',
    ]);
  });

  it('adds what the page sees itself: a Valid Until that passed since, without doubling', () => {
    expect(
      healthReasons(
        { ...base, validUntil: '2030-06-01T11:00:00Z', health: { status: 'ok', reasons: [] } },
        NOW,
      ),
    ).toEqual(['EXPIRED']);
    expect(healthReasons({ ...refusing('EXPIRED'), validUntil: '2030-06-01T11:00:00Z' }, NOW)).toEqual([
      'EXPIRED',
    ]);
    // Without a computed health (an older answer) the page still knows the link's own states.
    expect(healthReasons({ ...base, enabled: false }, NOW)).toEqual(['LINK_DISABLED']);
    expect(healthReasons({ ...base, limitSessions: true, sessionsRemaining: 0 }, NOW)).toEqual(['EXHAUSTED']);
  });
});

describe('CastHealthBadge', () => {
  it('says Active for a healthy link', () => {
    renderUi(<CastHealthBadge config={{ ...base, health: { status: 'ok', reasons: [] } }} now={NOW} />);
    expect(screen.getByTestId('cast-status').textContent).toBe('Active');
  });

  it('shows one badge per reason the link refuses everyone', () => {
    renderUi(<CastHealthBadge config={refusing('CAPTCHA_NOT_CONFIGURED', 'IMAGE_MISSING')} now={NOW} />);
    const status = screen.getByTestId('cast-status');
    expect(status.textContent).toBe('CAPTCHA not set upImage missing');
    expect([...status.querySelectorAll('[data-reason]')].map((b) => b.getAttribute('data-reason'))).toEqual([
      'CAPTCHA_NOT_CONFIGURED',
      'IMAGE_MISSING',
    ]);
    expect(status.getAttribute('aria-label')).toBe('Refuses every visitor: 2 reason(s)');
  });
});

describe('CastHealthPanel', () => {
  it('says what to do for each reason', () => {
    renderUi(<CastHealthPanel config={refusing('WORKSPACE_DISABLED', 'NO_CAPACITY')} now={NOW} />);
    const panel = screen.getByTestId('cast-health');
    expect(within(panel).getByText('This link refuses every visitor')).toBeTruthy();
    const items = within(panel).getAllByRole('listitem');
    expect(items.map((i) => i.getAttribute('data-reason'))).toEqual(['WORKSPACE_DISABLED', 'NO_CAPACITY']);
    expect(items[0].textContent).toBe(`Workspace disabled: ${HEALTH_REASON_META.WORKSPACE_DISABLED.todo}`);
  });

  it('shows nothing for a link that serves', () => {
    renderUi(<CastHealthPanel config={{ ...base, health: { status: 'ok', reasons: [] } }} now={NOW} />);
    expect(screen.queryByTestId('cast-health')).toBeNull();
  });
});

import { ApiError, errorMessages } from '@caster/web/core';
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderUi } from '@caster/web/test-utils';
import { ErrorState } from './error-state';

describe('ErrorState', () => {
  it('explains the code in plain words and shows the request reference', () => {
    const error = new ApiError({
      status: 404,
      code: 'NOT_FOUND',
      message: 'row 7 missing',
      requestId: 'r-9',
    });
    renderUi(<ErrorState error={error} />);
    expect(screen.getByRole('alert').textContent).toBe(errorMessages.NOT_FOUND);
    expect(screen.queryByText('row 7 missing')).toBeNull();
    expect(screen.getByText('Reference: r-9')).toBeTruthy();
  });

  it('says when to retry a rate limit and offers a retry', () => {
    const onRetry = vi.fn();
    const error = new ApiError({ status: 429, code: 'RATE_LIMITED', message: '', retryAfterSeconds: 20 });
    renderUi(<ErrorState error={error} onRetry={onRetry} />);
    expect(screen.getByRole('alert').textContent).toContain('Try again in 20 seconds.');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledOnce();
  });
});

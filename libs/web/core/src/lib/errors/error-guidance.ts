import { type ErrorCode, isErrorCode } from '@caster/contracts';

/** How the visitor's error page presents a code: its heading, what to do next, whether to offer "Try again". */
export interface ErrorGuidance {
  heading: string;
  next: string;
  /** Trying the same link again can succeed (a passing shortage, a check to redo). */
  retry: boolean;
}

const ASK = 'If it keeps happening, tell whoever shared the link and quote the error code below.';
const LINK_AS_SHARED = 'Open the link exactly as it was shared with you, or ask for a new one.';

/** The codes a visitor can meet through a casting link or a session; any other gets DEFAULT_GUIDANCE. */
const GUIDANCE: Partial<Record<ErrorCode, ErrorGuidance>> = {
  CAST_NOT_FOUND: {
    heading: 'This link does not work',
    next: 'Check that you copied the whole link, or ask whoever shared it for a new one.',
    retry: false,
  },
  CAST_EXPIRED: {
    heading: 'This link has expired',
    next: 'Ask whoever shared it for a new link.',
    retry: false,
  },
  REFERRER_NOT_ALLOWED: {
    heading: 'Open this link from its website',
    next: 'Go back to the page that shared the link and open it from there.',
    retry: false,
  },
  CAPTCHA_REQUIRED: {
    heading: 'The security check is needed',
    next: 'Try again and complete the “I am not a robot” check.',
    retry: true,
  },
  CAPTCHA_INVALID: {
    heading: 'The security check did not pass',
    next: 'Try again: the check is shown once more.',
    retry: true,
  },
  AUTH_REQUIRED: { heading: 'Sign-in needed', next: 'Try again and sign in when asked.', retry: true },
  PARAMETER_INVALID: { heading: 'Part of this link is not valid', next: LINK_AS_SHARED, retry: false },
  PARAMETER_REQUIRED: { heading: 'This link is incomplete', next: LINK_AS_SHARED, retry: false },
  PARAMETER_NOT_ALLOWED: { heading: 'This link was changed', next: LINK_AS_SHARED, retry: false },
  SESSIONS_EXHAUSTED: {
    heading: 'This link has been used up',
    next: 'Ask whoever shared it whether a new link is available.',
    retry: false,
  },
  NO_CAPACITY: {
    heading: 'No room right now',
    next: `Wait a few minutes, then try again. ${ASK}`,
    retry: true,
  },
  LINK_AT_CAPACITY: {
    heading: 'This link is busy',
    next: 'Wait a few minutes, then try again.',
    retry: true,
  },
  ISOLATION_UNAVAILABLE: {
    heading: 'Sessions cannot start right now',
    next: `Try again later. ${ASK}`,
    retry: true,
  },
  PROVISION_FAILED: { heading: 'Your session could not be started', next: `Try again. ${ASK}`, retry: true },
  RATE_LIMITED: { heading: 'Too many attempts', next: 'Wait a little, then try again.', retry: true },
  SERVICE_UNAVAILABLE: { heading: 'The service cannot be reached', next: 'Try again shortly.', retry: true },
  INTERNAL: {
    heading: 'Something went wrong on our side',
    next: `Try again in a moment. ${ASK}`,
    retry: true,
  },
  WORKSPACE_DISABLED: {
    heading: 'This workspace is turned off',
    next: 'Ask whoever shared the link when it will be available again.',
    retry: false,
  },
  SESSION_LIMIT_REACHED: {
    heading: 'You already have the most sessions allowed',
    next: 'Close one of your sessions, then try again.',
    retry: true,
  },
  GRANT_INVALID: {
    heading: 'This session link has expired',
    next: 'Try again to reopen the session.',
    retry: true,
  },
  NOT_FOUND: { heading: 'Not found', next: 'It may have ended or been removed.', retry: false },
  FORBIDDEN: { heading: 'Not allowed', next: 'Ask whoever shared the link for access.', retry: false },
};

export const DEFAULT_GUIDANCE: ErrorGuidance = {
  heading: 'Something went wrong',
  next: `Try again in a moment. ${ASK}`,
  retry: true,
};

/** Guidance for untrusted input (`?code=` of the error page): a made-up code gets the default. */
export function errorGuidance(code: unknown): ErrorGuidance {
  return (isErrorCode(code) ? GUIDANCE[code] : undefined) ?? DEFAULT_GUIDANCE;
}

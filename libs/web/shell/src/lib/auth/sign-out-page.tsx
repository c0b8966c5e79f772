import { SIGN_IN_PATH, useLogout } from '@caster/web/core';
import { LoadingState } from '@caster/web/ui';
import { useEffect, useRef } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { isSignOutState } from './sign-out';

/**
 * Signing out is a page of its own so that the protected pages are already unmounted when the
 * cached user is cleared; a guard still on screen would otherwise redirect to
 * `#/login?next=<the page just left>` and hand that page to whoever signs in next.
 */
export function SignOutPage() {
  const location = useLocation();
  const allowed = isSignOutState(location.state);
  const navigate = useNavigate();
  const { mutate } = useLogout();
  // StrictMode runs mount effects twice; one logout request is enough.
  const started = useRef(false);

  useEffect(() => {
    if (!allowed || started.current) return;
    started.current = true;
    mutate(undefined, { onSettled: () => void navigate(SIGN_IN_PATH, { replace: true }) });
  }, [allowed, mutate, navigate]);

  if (!allowed) return <Navigate to="/" replace />;
  return <LoadingState label="Signing you out…" />;
}

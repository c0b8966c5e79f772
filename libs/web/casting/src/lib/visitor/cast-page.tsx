import { castParamsFromHash, type CastInfo } from '@caster/contracts';
import { ApiError, queryKeys, rememberCastOrigin, signInPath, usePageTitle } from '@caster/web/core';
import { Button, Center, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { castInfoQueryOptions, postCast } from './cast-api';
import { castPath, splitTestToken } from './cast-query';
import { CaptchaWidget } from './captcha-widget';
import { type CastExit, errorExit, successExit } from './error-redirect';
import { goToExternal } from './leave-page';
import { newVisitId, oncePerVisit } from './once-per-visit';

function CastCard({ children }: { children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder radius="md" p="xl" w="100%" maw={420} shadow="sm">
        <Stack align="center" gap="md" ta="center">
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

function Preparing({ workspaceName, label }: { workspaceName?: string; label: string }) {
  return (
    <CastCard>
      <Stack align="center" gap="sm" role="status" aria-live="polite" data-testid="cast-preparing">
        <Loader aria-hidden="true" />
        <Text fw={600}>{label}</Text>
        {workspaceName ? (
          <Text size="sm" c="dimmed">
            {workspaceName}
          </Text>
        ) : null}
      </Stack>
    </CastCard>
  );
}

function Problem({ title, text, onRetry }: { title: string; text: string; onRetry?: () => void }) {
  return (
    <CastCard>
      <Stack align="center" gap="sm" data-testid="cast-problem">
        <Title order={1} fz="h4">
          {title}
        </Title>
        <Text size="sm" role="alert">
          {text}
        </Text>
        {onRetry ? (
          <Button variant="light" onClick={onRetry}>
            Try again
          </Button>
        ) : null}
      </Stack>
    </CastCard>
  );
}

type Phase = 'waiting' | 'launching' | 'captcha-unavailable';

/**
 * `#/cast/:key?…`: what a casting link's visitor sees. Reads the link (GET), signs the visitor in
 * first when the link needs it, shows the CAPTCHA when it needs one, then casts (POST) exactly
 * once and moves on to the session, the link's Error URL or the internal error page.
 */
export function CastPage() {
  const { key = '' } = useParams();
  const { search } = useLocation();
  // The router keeps this page mounted when only the key or the query changes: that is another
  // visit, with its own state.
  return <CastVisit key={`${key}?${search}`} castKey={key} search={search} />;
}

function CastVisit({ castKey: key, search }: { castKey: string; search: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Taken once per mounted visit; StrictMode's second render and second effects reuse it.
  const [visit] = useState(newVisitId);
  const [referrer] = useState(() => document.referrer);
  const [phase, setPhase] = useState<Phase>('waiting');
  const [captchaAttempt, setCaptchaAttempt] = useState(0);
  const linkParams = useMemo(() => castParamsFromHash(search), [search]);
  const { params, testToken } = useMemo(() => splitTestToken(linkParams), [linkParams]);
  // Where "Try again" and "Start a new session" come back to: this very link, test token included.
  const ownPath = castPath(key, linkParams);
  const info = useQuery(castInfoQueryOptions(key, referrer, visit));
  const errorUrl = info.data?.errorUrl ?? null;

  const leave = useCallback(
    (exit: CastExit) => {
      if (exit.kind === 'external') goToExternal(exit.url);
      else void navigate(exit.to, { replace: true });
    },
    [navigate],
  );

  const launch = useCallback(
    (captchaToken?: string) => {
      void oncePerVisit(`${visit}\ncast`, async () => {
        try {
          const answer = await postCast(key, {
            params,
            referrer,
            captchaToken,
            ...(testToken ? { testToken } : {}),
          });
          rememberCastOrigin(answer.sessionId, ownPath);
          // A new anonymous account now rides on the cookie the API set.
          if (answer.token) void queryClient.invalidateQueries({ queryKey: queryKeys.auth.me() });
          // A resumed session's new kasm_url (answer.openUrl) is opened inside the session by the
          // API; never in the visitor's own browser, where it would escape the session.
          leave(successExit(answer));
        } catch (caught) {
          leave(errorExit(ApiError.from(caught), errorUrl, ownPath));
        }
      });
    },
    [visit, key, params, testToken, ownPath, referrer, queryClient, leave, errorUrl],
  );

  const infoError = info.error;
  const data: CastInfo | undefined = info.data;
  useEffect(() => {
    if (infoError) {
      void oncePerVisit(`${visit}\ninfo-error`, () =>
        Promise.resolve(leave(errorExit(infoError, null, ownPath))),
      );
      return;
    }
    if (!data) return;
    if (data.requiresLogin) {
      // Sign-in comes back here (with the same parameters) through `next`.
      void navigate(signInPath(ownPath), { replace: true });
      return;
    }
    if (!data.requiresCaptcha) launch();
  }, [infoError, data, visit, leave, navigate, ownPath, launch]);
  usePageTitle(data?.workspaceName ? `Opening ${data.workspaceName}` : 'Opening your workspace');

  if (data?.requiresCaptcha && !data.requiresLogin && phase !== 'launching') {
    if (!data.captcha) {
      return (
        <Problem
          title="This link cannot be opened right now"
          text="It asks for an “I am not a robot” check, but none is set up on this server. Please tell whoever shared the link."
        />
      );
    }
    if (phase === 'captcha-unavailable') {
      return (
        <Problem
          title="The security check could not be loaded"
          text="This link needs an “I am not a robot” check, but your browser could not load it. A content blocker or network filter may be stopping it; allow it and try again."
          onRetry={() => {
            setPhase('waiting');
            setCaptchaAttempt((n) => n + 1);
          }}
        />
      );
    }
    const { provider, siteKey, scriptUrl } = data.captcha;
    return (
      <CastCard>
        <Title order={1} fz="h4">
          One more step
        </Title>
        <Text size="sm">
          Confirm that you are not a robot to open {data.workspaceName || 'your workspace'}.
        </Text>
        <CaptchaWidget
          key={captchaAttempt}
          provider={provider}
          siteKey={siteKey}
          scriptUrl={scriptUrl}
          onToken={(token) => {
            setPhase('launching');
            launch(token);
          }}
          onUnavailable={() => setPhase('captcha-unavailable')}
        />
      </CastCard>
    );
  }

  return <Preparing workspaceName={data?.workspaceName} label="Preparing your workspace…" />;
}

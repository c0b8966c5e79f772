import { afterSignInPath, errorMessage, useLogin } from '@caster/web/core';
import { Alert, Button, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate, useSearchParams } from 'react-router';
import { CenteredLayout } from '../layout/centered-layout';

interface SignInValues {
  username: string;
  password: string;
}

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const login = useLogin();
  const form = useForm<SignInValues>({
    initialValues: { username: '', password: '' },
    validate: {
      username: (value) => (value.trim() === '' ? 'Enter your username' : null),
      password: (value) => (value === '' ? 'Enter your password' : null),
    },
  });

  const submit = form.onSubmit((values) => {
    login.mutate(
      { username: values.username.trim(), password: values.password },
      {
        onSuccess: ({ user }) => void navigate(afterSignInPath(user, params.get('next')), { replace: true }),
        onError: () => form.setFieldValue('password', ''),
      },
    );
  });

  return (
    <CenteredLayout>
      <Paper withBorder p="xl" radius="md">
        <form onSubmit={submit} noValidate aria-labelledby="sign-in-title">
          <Stack gap="md">
            <Title order={1} fz="h3" id="sign-in-title">
              Sign in to Caster
            </Title>
            {login.error ? (
              <Alert color="red" role="alert" data-testid="sign-in-error">
                {errorMessage(login.error.code, { retryAfterSeconds: login.error.retryAfterSeconds })}
              </Alert>
            ) : null}
            <TextInput
              label="Username"
              autoComplete="username"
              autoFocus
              required
              withAsterisk={false}
              {...form.getInputProps('username')}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              withAsterisk={false}
              {...form.getInputProps('password')}
            />
            <Button type="submit" loading={login.isPending} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </CenteredLayout>
  );
}

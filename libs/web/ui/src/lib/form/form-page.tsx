import { type ApiError } from '@caster/web/core';
import { ErrorState } from '../error-state';
import { LoadingState } from '../loading-state';
import { PageHeader } from '../page-header';
import { Anchor, Button, Group, Paper, Stack } from '@mantine/core';
import { type ReactNode } from 'react';
import { Link } from 'react-router';

/** Header, "back to the list" link and the card a create/edit form sits in. */
export function FormPage({
  title,
  description,
  back,
  backLabel,
  testId,
  actions,
  children,
}: {
  title: string;
  description?: ReactNode;
  back: string;
  backLabel: string;
  testId: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section data-testid={testId}>
      <Anchor component={Link} to={back} size="sm" mb="xs" display="inline-block">
        ← {backLabel}
      </Anchor>
      <PageHeader title={title} description={description} actions={actions} />
      <Paper withBorder p="lg" radius="md" maw={880}>
        {children}
      </Paper>
    </section>
  );
}

/** What an edit page shows until its record is loaded, or when it cannot be. */
export function RecordState({
  isPending,
  error,
  noun,
  back,
  onRetry,
}: {
  isPending: boolean;
  error: ApiError | null;
  noun: string;
  back: string;
  onRetry: () => void;
}) {
  if (isPending) return <LoadingState label={`Loading the ${noun}…`} />;
  if (!error) return null;
  return (
    <ErrorState
      error={error}
      title={error.code === 'NOT_FOUND' ? `This ${noun} no longer exists` : `The ${noun} could not be loaded`}
      onRetry={error.code === 'NOT_FOUND' ? undefined : onRetry}
      action={
        <Button component={Link} to={back} variant="default">
          Back to the list
        </Button>
      }
    />
  );
}

export function FormActions({
  submitLabel,
  submitting,
  cancelTo,
}: {
  submitLabel: string;
  submitting: boolean;
  cancelTo: string;
}) {
  return (
    <Group justify="flex-end" gap="sm" mt="md">
      <Button component={Link} to={cancelTo} variant="default" disabled={submitting}>
        Cancel
      </Button>
      <Button type="submit" loading={submitting}>
        {submitLabel}
      </Button>
    </Group>
  );
}

export function FormStack({ children }: { children: ReactNode }) {
  return <Stack gap="md">{children}</Stack>;
}

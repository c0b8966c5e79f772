import { type ApiError } from '@caster/web/core';
import { ErrorState, LoadingState } from '@caster/web/ui';
import { Anchor, Button } from '@mantine/core';
import { Link } from 'react-router';

export const CASTING_LIST_PATH = '/admin/casting';

export function BackToList() {
  return (
    <Anchor component={Link} to={CASTING_LIST_PATH} size="sm" mb="xs" display="inline-block">
      ← Casting
    </Anchor>
  );
}

/** What a page about one link shows until it is loaded, or when it cannot be. */
export function RecordState({
  isPending,
  error,
  onRetry,
}: {
  isPending: boolean;
  error: ApiError | null;
  onRetry: () => void;
}) {
  if (isPending) return <LoadingState label="Loading the casting link…" />;
  if (!error) return null;
  const gone = error.code === 'NOT_FOUND';
  return (
    <ErrorState
      error={error}
      title={gone ? 'This casting link no longer exists' : 'The casting link could not be loaded'}
      onRetry={gone ? undefined : onRetry}
      action={
        <Button component={Link} to={CASTING_LIST_PATH} variant="default">
          Back to the list
        </Button>
      }
    />
  );
}

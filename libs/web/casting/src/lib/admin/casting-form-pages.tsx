import { PageHeader } from '@caster/web/ui';
import { Box } from '@mantine/core';
import { useParams } from 'react-router';
import { useCastConfig } from './api/get-cast-config';
import { CastingForm } from './casting-form';
import { BackToList, RecordState } from './page-chrome';

/** `#/admin/casting/new` */
export function NewCastingPage() {
  return (
    <Box component="section" data-testid="admin-page-casting-new" maw={880}>
      <BackToList />
      <PageHeader
        title="Add casting link"
        description="A link that launches a session of a workspace for whoever opens it and passes its checks."
      />
      <CastingForm />
    </Box>
  );
}

/** `#/admin/casting/:id/edit` */
export function EditCastingPage() {
  const { id = '' } = useParams();
  const config = useCastConfig(id);
  return (
    <Box component="section" data-testid="admin-page-casting-edit" maw={880}>
      <BackToList />
      <PageHeader title={config.data ? `Edit ${config.data.name}` : 'Edit casting link'} />
      {config.data ? (
        // Keyed so a reload of another link's data starts the form afresh.
        <CastingForm key={config.data.id} config={config.data} />
      ) : (
        <RecordState
          isPending={config.isPending}
          error={config.error}
          onRetry={() => void config.refetch()}
        />
      )}
    </Box>
  );
}

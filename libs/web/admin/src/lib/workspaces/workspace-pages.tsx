import { FormPage, RecordState } from '@caster/web/ui';
import { useNavigate, useParams } from 'react-router';
import { useWorkspace } from './api/get-workspace';
import { WorkspaceForm } from './workspace-form';
import { DeleteWorkspaceButton } from './workspaces-page';

export function NewWorkspacePage() {
  return (
    <FormPage
      title="Add workspace"
      description="What a session runs. New workspaces can be launched by All Users unless you choose other groups."
      back="/admin/workspaces"
      backLabel="Workspaces"
      testId="admin-page-workspace-new"
    >
      <WorkspaceForm />
    </FormPage>
  );
}

export function EditWorkspacePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const workspace = useWorkspace(id);
  return (
    <FormPage
      title={workspace.data ? `Edit ${workspace.data.name}` : 'Edit workspace'}
      back="/admin/workspaces"
      backLabel="Workspaces"
      testId="admin-page-workspace-edit"
      actions={
        workspace.data ? (
          <DeleteWorkspaceButton
            workspace={workspace.data}
            onDeleted={() => void navigate('/admin/workspaces')}
          />
        ) : null
      }
    >
      {workspace.data ? (
        <WorkspaceForm key={workspace.data.id} workspace={workspace.data} />
      ) : (
        <RecordState
          isPending={workspace.isPending}
          error={workspace.error}
          noun="workspace"
          back="/admin/workspaces"
          onRetry={() => void workspace.refetch()}
        />
      )}
    </FormPage>
  );
}

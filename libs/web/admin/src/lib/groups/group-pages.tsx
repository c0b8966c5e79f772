import { FormPage, RecordState } from '@caster/web/ui';
import { useNavigate, useParams } from 'react-router';
import { useGroup } from './api/get-group';
import { GroupForm } from './group-form';
import { DeleteGroupButton } from './groups-page';

export function NewGroupPage() {
  return (
    <FormPage
      title="Add group"
      description="Gives its members workspaces to launch and session settings."
      back="/admin/groups"
      backLabel="Groups"
      testId="admin-page-group-new"
    >
      <GroupForm />
    </FormPage>
  );
}

export function EditGroupPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const group = useGroup(id);
  return (
    <FormPage
      title={group.data ? `Edit ${group.data.name}` : 'Edit group'}
      back="/admin/groups"
      backLabel="Groups"
      testId="admin-page-group-edit"
      actions={
        group.data ? (
          <DeleteGroupButton group={group.data} onDeleted={() => void navigate('/admin/groups')} />
        ) : null
      }
    >
      {group.data ? (
        <GroupForm key={group.data.id} group={group.data} />
      ) : (
        <RecordState
          isPending={group.isPending}
          error={group.error}
          noun="group"
          back="/admin/groups"
          onRetry={() => void group.refetch()}
        />
      )}
    </FormPage>
  );
}

import { FormPage, RecordState } from '@caster/web/ui';
import { useNavigate, useParams } from 'react-router';
import { useUser } from './api/get-user';
import { DeleteUserButton } from './delete-user-button';
import { UserForm } from './user-form';
import { UserSessions } from './user-sessions';

export function NewUserPage() {
  return (
    <FormPage
      title="Add user"
      description="Someone who can sign in to Caster."
      back="/admin/users"
      backLabel="Users"
      testId="admin-page-user-new"
    >
      <UserForm />
    </FormPage>
  );
}

export function EditUserPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const user = useUser(id);
  return (
    <FormPage
      title={user.data ? `Edit ${user.data.username}` : 'Edit user'}
      back="/admin/users"
      backLabel="Users"
      testId="admin-page-user-edit"
      actions={
        user.data ? (
          <DeleteUserButton user={user.data} onDeleted={() => void navigate('/admin/users')} />
        ) : null
      }
    >
      {user.data ? (
        <>
          <UserForm key={user.data.id} user={user.data} />
          <UserSessions user={user.data} />
        </>
      ) : (
        <RecordState
          isPending={user.isPending}
          error={user.error}
          noun="user"
          back="/admin/users"
          onRetry={() => void user.refetch()}
        />
      )}
    </FormPage>
  );
}

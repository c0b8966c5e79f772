import { type Me } from '@caster/contracts';
import { Button, Menu, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useNavigate } from 'react-router';
import { SIGN_OUT_PATH, SIGN_OUT_STATE } from '../auth/sign-out';
import { ChangePasswordModal } from './change-password-modal';

/** The top bar's account menu: who is signed in, change password, sign out. */
export function AccountMenu({ me }: { me: Me }) {
  const navigate = useNavigate();
  const [changing, { open, close }] = useDisclosure(false);
  const signOut = () => navigate(SIGN_OUT_PATH, { replace: true, state: SIGN_OUT_STATE });
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            size="xs"
            aria-label={`Account: ${me.username}`}
            data-testid="account-menu"
          >
            <Text size="sm" fw={500} data-testid="current-user" truncate maw={160} component="span">
              {me.username}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            Signed in as {me.username}
            {me.role === 'admin' ? ' (administrator)' : ''}
          </Menu.Label>
          <Menu.Item onClick={open}>Change password</Menu.Item>
          <Menu.Divider />
          <Menu.Item onClick={signOut}>Sign out</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ChangePasswordModal opened={changing} onClose={close} />
    </>
  );
}

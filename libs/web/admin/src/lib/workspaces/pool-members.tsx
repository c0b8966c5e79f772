import { type PoolMember } from '@caster/contracts';
import { ApiError, errorMessage } from '@caster/web/core';
import { Alert, Badge, Fieldset, Loader, Table, Text } from '@mantine/core';
import { usePoolMembers } from './api/get-pool-members';

const STATE_LABELS: Record<PoolMember['state'], { label: string; color: string }> = {
  free: { label: 'Free', color: 'green' },
  busy: { label: 'Busy', color: 'orange' },
  disabled: { label: 'Disabled', color: 'gray' },
};

/** The saved pool's servers as the allocator sees them now: sessions in use and whether one is free. */
export function PoolMembers({ poolId }: { poolId: string }) {
  const members = usePoolMembers(poolId);
  return (
    <Fieldset legend="Pool members now" data-testid="pool-members">
      {members.isPending ? (
        <Loader size="sm" aria-label="Loading the pool members" />
      ) : members.error ? (
        <Alert color="red" variant="light">
          The pool members could not be loaded: {errorMessage(ApiError.from(members.error).code)}
        </Alert>
      ) : members.data.members.length === 0 ? (
        <Text size="sm" c="dimmed">
          This pool has no member servers yet.
        </Text>
      ) : (
        <Table aria-label="Pool members" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Server</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th>Sessions</Table.Th>
              <Table.Th>State</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data.members.map((m) => (
              <Table.Tr key={m.serverId} data-testid={`pool-member-${m.serverId}`}>
                <Table.Td>{m.name}</Table.Td>
                <Table.Td>
                  {m.host}:{m.port}
                </Table.Td>
                <Table.Td>
                  {m.activeSessions} of {m.capacity}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={STATE_LABELS[m.state].color}>
                    {STATE_LABELS[m.state].label}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Fieldset>
  );
}

import { type SessionConnection } from '@caster/contracts';
import { Button, Code, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { type ReactNode } from 'react';
import { sessionPath } from '../api/get-session';

export interface RdpDetailsProps {
  sessionId: string;
  workspaceName: string;
  connection: SessionConnection;
  /** Stop and countdown controls, placed under the details. */
  children?: ReactNode;
}

const PROTOCOL_NAMES: Record<SessionConnection['protocol'], string> = {
  rdp: 'Remote Desktop (RDP)',
  vnc: 'VNC',
  ssh: 'SSH',
};

/**
 * Server and pool sessions run on a machine Caster does not frame: the user connects with their
 * own client, using these details or the `.rdp` file.
 */
export function RdpDetails({ sessionId, workspaceName, connection, children }: RdpDetailsProps) {
  const rows: [string, string | undefined][] = [
    ['Protocol', PROTOCOL_NAMES[connection.protocol]],
    ['Computer', connection.hostname],
    ['Port', String(connection.port)],
    ['User name', connection.username],
    ['Domain', connection.domain],
    ['Remote application', connection['remote-app']],
    ['Application arguments', connection['remote-app-args']],
  ];
  return (
    <Paper withBorder p="xl" radius="md" w={560} maw="100%" data-testid="rdp-details">
      <Stack gap="md">
        <Title order={1} fz="h3">
          {workspaceName || 'Your session'} is ready
        </Title>
        <Text size="sm">
          This workspace runs on a remote computer. Connect to it with your{' '}
          {connection.protocol === 'rdp'
            ? 'Remote Desktop client'
            : `${connection.protocol.toUpperCase()} client`}{' '}
          using these details{connection.protocol === 'rdp' ? ', or open the .rdp file' : ''}.
        </Text>
        <Table withRowBorders={false} verticalSpacing={4} aria-label="Connection details">
          <Table.Tbody>
            {rows
              .filter((row): row is [string, string] => Boolean(row[1]))
              .map(([label, value]) => (
                <Table.Tr key={label}>
                  <Table.Th w={180} fw={500}>
                    {label}
                  </Table.Th>
                  <Table.Td>
                    <Code>{value}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
        {connection.protocol === 'rdp' ? (
          <Group>
            <Button component="a" href={`${sessionPath(sessionId)}/rdp`} download>
              Download .rdp file
            </Button>
          </Group>
        ) : null}
        {children}
      </Stack>
    </Paper>
  );
}

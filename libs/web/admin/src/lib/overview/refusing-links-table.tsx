import { type OverviewRefusingLink } from '@caster/contracts';
import { errorMessage } from '@caster/web/core';
import { Anchor, Badge, Code, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';

/** The links that refused the most requests in the window, with each refusal code's count. */
export function RefusingLinksTable({
  links,
  windowText,
}: {
  links: readonly OverviewRefusingLink[];
  windowText: string;
}) {
  if (links.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="refusals-empty">
        No casting link refused a request in the last {windowText}.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table aria-label="Links refusing the most requests" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Link</Table.Th>
            <Table.Th ta="right">Refused</Table.Th>
            <Table.Th>Why</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {links.map((link) => (
            <Table.Tr key={link.id} data-testid={`refusing-${link.id}`}>
              <Table.Td>
                <Anchor component={Link} to={`/admin/casting/${link.id}`} size="sm">
                  {link.name}
                </Anchor>{' '}
                <Code>{link.key}</Code>
              </Table.Td>
              <Table.Td ta="right" fw={600}>
                {link.refusals}
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {Object.entries(link.byReason)
                    .sort(([, a], [, b]) => b - a)
                    .map(([code, n]) => (
                      <Badge key={code} variant="light" color="red" title={errorMessage(code)} tt="none">
                        {code} × {n}
                      </Badge>
                    ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

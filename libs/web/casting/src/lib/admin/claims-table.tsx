import { type CastClaim, isErrorCode } from '@caster/contracts';
import { errorMessages } from '@caster/web/core';
import { formatDateTime, shortId } from '@caster/web/ui';
import { Anchor, Badge, Group, Pagination, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';

const PAGE_SIZE = 25;

/** Refusals that mean "too much demand" rather than "not allowed". */
const THROTTLED = new Set(['RATE_LIMITED', 'SESSIONS_EXHAUSTED', 'NO_CAPACITY']);

export function outcomeBadgeColor(outcome: string): string {
  if (outcome === 'ok') return 'teal';
  return THROTTLED.has(outcome) ? 'orange' : 'red';
}

function OutcomeBadge({ outcome }: { outcome: string }) {
  const badge = (
    <Badge color={outcomeBadgeColor(outcome)} variant="light" data-testid="claim-outcome">
      {outcome}
    </Badge>
  );
  if (!isErrorCode(outcome)) return badge;
  return (
    <Tooltip label={errorMessages[outcome]} withArrow multiline w={280}>
      {badge}
    </Tooltip>
  );
}

/** A short id that opens the record it names (the session detail page, the user page). */
function IdCell({ id, to, label }: { id: string | null; to: (id: string) => string; label: string }) {
  if (!id)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Anchor component={Link} to={to(id)} size="sm" ff="monospace" title={id} aria-label={`${label} ${id}`}>
      {shortId(id)}
    </Anchor>
  );
}

/** The audit of cast requests, newest first, a page at a time. */
export function ClaimsTable({ claims }: { claims: readonly CastClaim[] }) {
  const [page, setPage] = useState(1);
  const lastPage = Math.max(1, Math.ceil(claims.length / PAGE_SIZE));
  const current = Math.min(page, lastPage);
  const rows = claims.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={640}>
        <Table aria-label="Cast requests" verticalSpacing="xs" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>IP address</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>User</Table.Th>
              <Table.Th>Session</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((claim, i) => (
              <Table.Tr key={`${claim.at}-${(current - 1) * PAGE_SIZE + i}`}>
                <Table.Td>{formatDateTime(claim.at)}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {claim.ip || '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <OutcomeBadge outcome={claim.outcome} />
                    {claim.stage === 'check' ? (
                      // Refused at the page's first look (GET), before any launch was asked for.
                      <Text size="xs" c="dimmed" data-testid="claim-stage">
                        link check
                      </Text>
                    ) : null}
                    {claim.test ? (
                      // Made through "Open as a visitor": an administrator's test, not a visitor.
                      <Tooltip label="Made with “Open as a visitor” by an administrator" withArrow>
                        <Badge color="grape" variant="outline" size="sm" data-testid="claim-test">
                          test
                        </Badge>
                      </Tooltip>
                    ) : null}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <IdCell id={claim.userId} to={(id) => `/admin/users/${id}`} label="User" />
                </Table.Td>
                <Table.Td>
                  <IdCell id={claim.sessionId} to={(id) => `/admin/sessions/${id}`} label="Session" />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {claims.length} request{claims.length === 1 ? '' : 's'}
        </Text>
        <Pagination
          size="sm"
          total={lastPage}
          value={current}
          onChange={setPage}
          hideWithOnePage
          getItemProps={(p) => ({ 'aria-label': `Claims page ${p}` })}
        />
      </Group>
    </Stack>
  );
}

import { type Page } from '@caster/contracts';
import { type ApiError, errorMessage } from '@caster/web/core';
import { EmptyState } from '../empty-state';
import { ErrorState } from '../error-state';
import { LoadingState } from '../loading-state';
import {
  Alert,
  Button,
  Group,
  Loader,
  NativeSelect,
  Pagination,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
  useMatches,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { type UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { type ListParamsState, PAGE_SIZES } from './list-params';

export const SEARCH_DEBOUNCE_MS = 300;

export interface ListColumn<T, S extends string> {
  id: string;
  header: string;
  /** The API sort field behind this column; the header becomes a sort button. */
  sort?: S;
  /** The header is for screen readers only (e.g. an actions column). */
  hideHeader?: boolean;
  width?: number | string;
  /** Below this breakpoint the column is hidden (phones keep the columns that matter). */
  visibleFrom?: 'xs' | 'sm' | 'md' | 'lg';
  /** Shown in the header cell instead of `header` (e.g. a select-all checkbox; `header` names it). */
  headerContent?: ReactNode;
  /**
   * Not shown on a phone-sized screen (below Mantine's `sm`), so the columns that matter (name,
   * state, actions) fit without scrolling sideways.
   */
  secondary?: boolean;
  render: (row: T) => ReactNode;
}

export interface ListViewProps<T, S extends string> {
  /** Accessible name of the table, e.g. "Users". */
  label: string;
  /** Plural noun for the row count, e.g. "users". */
  noun: string;
  query: UseQueryResult<Page<T>, ApiError>;
  params: ListParamsState<S>;
  columns: ListColumn<T, S>[];
  rowKey: (row: T) => string;
  /** A row's `data-testid`, for journeys that find a row by what it shows. */
  rowTestId?: (row: T) => string;
  /** The width below which the table scrolls sideways instead of squeezing its columns. */
  minWidth?: number;
  searchLabel: string;
  /** Filters next to the search box. */
  filters?: ReactNode;
  /** A filter other than the search is narrowing the list. */
  filtered?: boolean;
  /** Shown when the list has no rows at all: say what appears here and how. */
  empty: { title: string; text: string; action?: ReactNode };
  /** Attributes of a row (e.g. a `data-testid`). */
  rowProps?: (row: T) => Record<string, string>;
  /** Whether the search box is there (default true). */
  searchable?: boolean;
}

function SearchBox({
  label,
  initial,
  onSearch,
}: {
  label: string;
  initial: string;
  onSearch: (q: string) => void;
}) {
  const [value, setValue] = useState(initial);
  const [previous, setPrevious] = useState(initial);
  const debounced = useDebouncedCallback(onSearch, SEARCH_DEBOUNCE_MS);
  // The URL lost its search ("Show all", back): empty the box too. Only then — while the user
  // types, the URL lags behind the box by the debounce and must not overwrite it.
  if (initial !== previous) {
    setPrevious(initial);
    if (initial === '') setValue('');
  }
  return (
    <TextInput
      aria-label={label}
      placeholder={label}
      type="search"
      maxLength={100}
      value={value}
      onChange={(event) => {
        setValue(event.currentTarget.value);
        debounced(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') debounced.flush();
      }}
      w={{ base: '100%', sm: 320 }}
    />
  );
}

function SortHeader<S extends string>({
  column,
  params,
}: {
  column: ListColumn<unknown, S> & { sort: S };
  params: ListParamsState<S>;
}) {
  const active = params.sort === column.sort;
  const arrow = active ? (params.order === 'asc' ? '↑' : '↓') : '↕';
  return (
    <Table.Th
      w={column.width}
      visibleFrom={column.visibleFrom ?? (column.secondary ? 'sm' : undefined)}
      aria-sort={active ? (params.order === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <UnstyledButton onClick={() => params.toggleSort(column.sort)} fw={700} fz="sm">
        {column.header}{' '}
        <Text component="span" c={active ? undefined : 'dimmed'} aria-hidden="true">
          {arrow}
        </Text>
      </UnstyledButton>
    </Table.Th>
  );
}

/**
 * A paginated admin list: search (debounced), sortable headers, paging, and the loading, error,
 * empty and no-match states. Paging, search and sort live in the URL (useListParams).
 */
export function ListView<T, S extends string>({
  label,
  noun,
  query,
  params,
  columns,
  rowKey,
  rowTestId,
  minWidth: wideMinWidth = 640,
  searchLabel,
  filters,
  filtered = false,
  empty,
  rowProps,
  searchable = true,
}: ListViewProps<T, S>) {
  // On a phone the secondary columns are hidden; the rest fit the screen instead of scrolling.
  const minWidth = useMatches({
    base: columns.some((c) => c.secondary) ? 0 : wideMinWidth,
    sm: wideMinWidth,
  });
  const searching = params.q.trim() !== '' || filtered;
  const toolbar = (
    <Group justify="space-between" align="flex-end" gap="sm">
      <Group gap="sm" align="flex-end">
        {searchable ? <SearchBox label={searchLabel} initial={params.q} onSearch={params.setQuery} /> : null}
        {filters}
      </Group>
      {query.isFetching && !query.isPending ? <Loader size="xs" aria-label="Refreshing" /> : null}
    </Group>
  );

  let body: ReactNode;
  if (query.isPending) {
    body = <LoadingState label={`Loading ${noun}…`} />;
  } else if (!query.data) {
    body = query.error ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null;
  } else {
    const { items, total } = query.data;
    const lastPage = Math.max(1, Math.ceil(total / params.pageSize));
    if (total === 0 && !searching) {
      body = <EmptyState title={empty.title} text={empty.text} action={empty.action} />;
    } else if (total === 0) {
      body = (
        <EmptyState
          title={`No ${noun} match`}
          text={
            params.q.trim() !== ''
              ? `Nothing matches “${params.q.trim()}”. Check the spelling or search for something else.`
              : `No ${noun} match the chosen filters.`
          }
          action={
            <Button variant="light" onClick={() => params.resetFilters()}>
              Show all {noun}
            </Button>
          }
        />
      );
    } else if (items.length === 0) {
      body = (
        <EmptyState
          title="This page is empty"
          text={`There are ${total} ${noun}, but not as many as this page needs.`}
          action={
            <Button variant="light" onClick={() => params.setPage(lastPage)}>
              Go to the last page
            </Button>
          }
        />
      );
    } else {
      const from = (params.page - 1) * params.pageSize + 1;
      const to = from + items.length - 1;
      body = (
        <Stack gap="sm">
          {query.error ? (
            <Alert color="yellow" role="alert">
              These rows may be out of date. {errorMessage(query.error.code)}
            </Alert>
          ) : null}
          <Table.ScrollContainer minWidth={minWidth}>
            <Table aria-label={label} highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  {columns.map((column) =>
                    column.sort ? (
                      <SortHeader
                        key={column.id}
                        column={column as ListColumn<unknown, S> & { sort: S }}
                        params={params}
                      />
                    ) : (
                      <Table.Th
                        key={column.id}
                        w={column.width}
                        visibleFrom={column.visibleFrom ?? (column.secondary ? 'sm' : undefined)}
                      >
                        {column.headerContent ??
                          (column.hideHeader ? (
                            <VisuallyHidden>{column.header}</VisuallyHidden>
                          ) : (
                            column.header
                          ))}
                      </Table.Th>
                    ),
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((row) => (
                  <Table.Tr key={rowKey(row)} data-testid={rowTestId?.(row)} {...rowProps?.(row)}>
                    {columns.map((column) => (
                      <Table.Td
                        key={column.id}
                        visibleFrom={column.visibleFrom ?? (column.secondary ? 'sm' : undefined)}
                      >
                        {column.render(row)}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between" gap="sm">
            <Text size="sm" c="dimmed" data-testid="list-range">
              {from}–{to} of {total} {noun}
            </Text>
            <Group gap="sm">
              <NativeSelect
                aria-label="Rows per page"
                size="xs"
                value={String(params.pageSize)}
                onChange={(event) => params.setPageSize(Number(event.currentTarget.value))}
                data={[...new Set([...PAGE_SIZES, params.pageSize])]
                  .sort((a, b) => a - b)
                  .map((size) => ({ value: String(size), label: `${size} per page` }))}
              />
              <Pagination
                size="sm"
                total={lastPage}
                value={Math.min(params.page, lastPage)}
                onChange={params.setPage}
                hideWithOnePage
                getItemProps={(page) => ({ 'aria-label': `Page ${page}` })}
                getControlProps={(control) => ({ 'aria-label': `${control} page` })}
              />
            </Group>
          </Group>
        </Stack>
      );
    }
  }

  return (
    <Stack gap="md">
      {toolbar}
      {body}
    </Stack>
  );
}

import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type SortOrder } from '@caster/contracts';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const PAGE_SIZES = [10, 25, 50, 100] as const;

export interface ListParams<S extends string> {
  page: number;
  pageSize: number;
  q: string;
  sort: S;
  order: SortOrder;
}

export interface ListParamsState<S extends string> extends ListParams<S> {
  setPage: (page: number) => void;
  setPageSize: (pageSize: number) => void;
  /** A new search starts again at page 1. */
  setQuery: (q: string) => void;
  /** The same column again flips the order; another column starts ascending. */
  toggleSort: (sort: S) => void;
  /** Extra filters (e.g. `type`) kept in the URL next to the paging. */
  filter: (name: string) => string | null;
  setFilter: (name: string, value: string | null) => void;
  /** Drops the search and every filter, keeping the sort and page size. */
  resetFilters: () => void;
}

const KEPT_ON_RESET = new Set(['sort', 'order', 'pageSize']);

function positiveInt(value: string | null, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
}

/**
 * A table's paging, search and sort, kept in the URL (`?page=2&q=ann&sort=createdAt&order=desc`)
 * so that coming back from an edit page, reloading or sharing the link shows the same rows.
 */
export function useListParams<S extends string>(sorts: readonly S[], defaultSort: S): ListParamsState<S> {
  const [searchParams, setSearchParams] = useSearchParams();

  const update = useCallback(
    (changes: Record<string, string | null>) => {
      setSearchParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );

  const rawSort = searchParams.get('sort');
  const sort = sorts.find((s) => s === rawSort) ?? defaultSort;
  const order: SortOrder = searchParams.get('order') === 'desc' ? 'desc' : 'asc';
  const page = positiveInt(searchParams.get('page'), 1);
  const pageSize = positiveInt(searchParams.get('pageSize'), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const q = searchParams.get('q') ?? '';

  return useMemo(
    () => ({
      page,
      pageSize,
      q,
      sort,
      order,
      setPage: (p: number) => update({ page: p <= 1 ? null : String(p) }),
      setPageSize: (size: number) => update({ pageSize: String(size), page: null }),
      setQuery: (value: string) => update({ q: value.trim() === '' ? null : value, page: null }),
      toggleSort: (column: S) =>
        update({
          sort: column,
          order: column === sort && order === 'asc' ? 'desc' : 'asc',
          page: null,
        }),
      filter: (name: string) => searchParams.get(name),
      setFilter: (name: string, value: string | null) => update({ [name]: value, page: null }),
      resetFilters: () =>
        update(
          Object.fromEntries(
            [...searchParams.keys()].filter((key) => !KEPT_ON_RESET.has(key)).map((key) => [key, null]),
          ),
        ),
    }),
    [page, pageSize, q, sort, order, update, searchParams],
  );
}

/** The query a list endpoint takes: `q` only when searching, so the cache key stays stable. */
export function toPageQuery<S extends string>(params: ListParams<S>) {
  return {
    page: params.page,
    pageSize: params.pageSize,
    sort: params.sort,
    order: params.order,
    q: params.q.trim() === '' ? undefined : params.q.trim(),
  };
}

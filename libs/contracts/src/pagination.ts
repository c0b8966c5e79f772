export interface Page<T> {
  items: T[];
  total: number;
}

export type SortOrder = 'asc' | 'desc';

/** `?page=&pageSize=&q=`: pages count from 1; `q` searches the list's name column. */
export interface PageQuery {
  page?: number;
  pageSize?: number;
  q?: string;
  order?: SortOrder;
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 200;

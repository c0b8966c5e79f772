/**
 * Every react-query key the SPA uses, so invalidation after a mutation and prefetching in route
 * loaders agree on them. Feature hooks add their keys here rather than inlining arrays.
 */
export const queryKeys = {
  auth: {
    all: ['auth'] as const,
    me: () => ['auth', 'me'] as const,
  },
} as const;

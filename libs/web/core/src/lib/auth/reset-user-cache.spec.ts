import { type Me } from '@caster/contracts';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { queryKeys } from '../api/query-keys';
import { resetUserCache } from './reset-user-cache';

describe('resetUserCache', () => {
  it('keeps only the new identity', () => {
    const client = new QueryClient();
    const previous: Me = { id: '1', username: 'alice', role: 'admin', anonymous: false, groups: [] };
    client.setQueryData(queryKeys.auth.me(), previous);
    client.setQueryData(['admin', 'users'], { items: [], total: 0 });

    resetUserCache(client, null);

    expect(client.getQueryData(queryKeys.auth.me())).toBeNull();
    expect(client.getQueryData(['admin', 'users'])).toBeUndefined();
  });
});

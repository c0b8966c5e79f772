import { ApiError, errorMessages } from '@caster/web/core';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '@caster/web/test-utils';
import { choicesError, mergeOptions, withChosen } from './picker-options';
import { RecordsMultiSelect } from './records-multi-select';

interface Item {
  id: string;
  name: string;
}

const gone = new ApiError({ status: 404, code: 'NOT_FOUND', message: '' });

function lookup(id: string) {
  return {
    queryKey: ['item', id] as const,
    queryFn: () => (id === 'gone-0001' ? Promise.reject(gone) : Promise.resolve({ id, name: `Far ${id}` })),
  };
}

describe('picker options', () => {
  it('lists the chosen ids first, labelled when known, and never an id twice', () => {
    const labels = new Map([['a', 'Alpha']]);
    expect(
      mergeOptions(['a', 'zzzzzzzz-1'], labels, [
        { value: 'a', label: 'Alpha' },
        { value: 'b', label: 'Beta' },
      ]),
    ).toEqual([
      { value: 'a', label: 'Alpha' },
      { value: 'zzzzzzzz-1', label: 'Loading… (zzzzzzzz)' },
      { value: 'b', label: 'Beta' },
    ]);
  });

  it('keeps a single choice the loaded options no longer hold, once they are loaded', () => {
    const options = [{ value: 'a', label: 'Alpha' }];
    const fallback = (id: string) => `Workspace ${id}`;
    expect(withChosen(options, 'x', true, fallback)).toEqual([
      { value: 'x', label: 'Workspace x' },
      ...options,
    ]);
    expect(withChosen(options, 'x', false, fallback)).toEqual(options);
    expect(withChosen(options, 'a', true, fallback)).toEqual(options);
    expect(withChosen(options, null, true, fallback)).toEqual(options);
  });

  it('says why the choices are missing', () => {
    expect(choicesError(null)).toBeUndefined();
    expect(choicesError(gone, 'the workspaces')).toBe(
      `Could not load the workspaces. ${errorMessages.NOT_FOUND}`,
    );
  });
});

describe('RecordsMultiSelect', () => {
  it('names chosen records beyond the page by looking them up, and deleted ones as such', async () => {
    renderUi(
      <RecordsMultiSelect<Item, readonly ['item', string]>
        label="Groups"
        value={['a', 'far-0001', 'gone-0001']}
        onChange={() => undefined}
        noun={{ one: 'group', many: 'groups' }}
        records={[{ id: 'a', name: 'Alpha' }]}
        pending={false}
        loadError={null}
        toOption={(item) => ({ value: item.id, label: item.name })}
        lookup={lookup}
      />,
    );
    // A pill for each chosen record (the list of options holds them too).
    await waitFor(() => expect(screen.getAllByText('Far far-0001').length).toBeGreaterThan(0));
    expect(screen.getAllByText('Alpha').length).toBeGreaterThan(0);
    await waitFor(() => expect(screen.getAllByText('Deleted group (gone-000)').length).toBeGreaterThan(0));
    expect(screen.queryByText(/Loading…/)).toBeNull();
  });

  it('says when its choices could not be loaded', async () => {
    renderUi(
      <RecordsMultiSelect<Item, readonly ['item', string]>
        label="Groups"
        value={[]}
        onChange={() => undefined}
        noun={{ one: 'group', many: 'groups' }}
        records={undefined}
        pending={false}
        loadError={new ApiError({ status: 503, code: 'SERVICE_UNAVAILABLE', message: '' })}
        toOption={(item) => ({ value: item.id, label: item.name })}
        lookup={lookup}
      />,
    );
    expect(
      await screen.findByText(`Could not load the choices. ${errorMessages.SERVICE_UNAVAILABLE}`),
    ).toBeTruthy();
  });
});

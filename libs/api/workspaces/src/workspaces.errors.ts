import { AppError } from '@caster/api/core';

export const workspaceNameTaken = (name: string): AppError =>
  new AppError('NAME_TAKEN', `A workspace named "${name}" already exists`, {
    fields: { name: 'already taken' },
  });

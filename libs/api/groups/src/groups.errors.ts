import { AppError, invalidFields } from '@caster/api/core';

export const groupNameTaken = (name: string): AppError =>
  new AppError('NAME_TAKEN', `A group named "${name}" already exists`, { fields: { name: 'already taken' } });

export const systemGroupLocked = (what: string): AppError =>
  new AppError('SYSTEM_GROUP', `"All Users" is a system group: ${what}`);

export const unknownIds = (field: string, kind: string, ids?: readonly string[]): AppError =>
  invalidFields({
    [field]: ids?.length ? `unknown ${kind} id(s): ${ids.join(', ')}` : `contains an unknown ${kind} id`,
  });

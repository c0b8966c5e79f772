import { AppError } from '@caster/api/core';

export const usernameTaken = (username: string): AppError =>
  new AppError('USERNAME_TAKEN', `The username "${username}" is taken`, {
    fields: { username: 'already taken' },
  });

export const lastAdmin = (): AppError =>
  new AppError('LAST_ADMIN', 'This is the last active administrator: make another administrator first');

export const userHasSessions = (activeSessions: number): AppError =>
  new AppError(
    'USER_HAS_SESSIONS',
    `The user has ${activeSessions} running session(s); stop them first or delete with ?force=true`,
    { activeSessions },
  );

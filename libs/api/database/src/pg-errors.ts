import { QueryFailedError } from 'typeorm';

/** SQLSTATE and constraint of a failed query (same shape from pg and from PGlite). */
export function pgError(e: unknown): { code: string; constraint?: string } | null {
  if (!(e instanceof QueryFailedError)) return null;
  const driver = (e as QueryFailedError & { driverError?: unknown }).driverError;
  if (typeof driver !== 'object' || driver === null) return null;
  const { code, constraint } = driver as { code?: unknown; constraint?: unknown };
  if (typeof code !== 'string') return null;
  return { code, ...(typeof constraint === 'string' ? { constraint } : {}) };
}

/** 23505: a unique index refused the row (optionally: that index). */
export const isUniqueViolation = (e: unknown, constraint?: string): boolean => {
  const err = pgError(e);
  return err?.code === '23505' && (constraint === undefined || err.constraint === constraint);
};

/** 23503: a foreign key points at a row that does not exist (optionally: that key). */
export const isForeignKeyViolation = (e: unknown, constraint?: string): boolean => {
  const err = pgError(e);
  return err?.code === '23503' && (constraint === undefined || err.constraint === constraint);
};

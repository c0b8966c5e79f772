import { type ErrorCode } from '@caster/contracts';
import { ApiError, errorMessage } from '@caster/web/core';
import { Alert, List, Text } from '@mantine/core';
import { type ReactNode } from 'react';
import { type FieldErrorTarget, mapFieldErrors, validationFields } from './field-errors';

/** What a failed save shows above the form, beyond the errors put on its fields. */
export interface FormFailure {
  error: ApiError;
  /** Field problems no input of the form can show. */
  unmatched: string[];
}

export interface ApplyApiErrorOptions {
  /** Form paths that can show an API field problem (see mapFieldErrors). */
  targets: readonly (string | FieldErrorTarget)[];
  /** Codes that concern one field, e.g. USERNAME_TAKEN → username: shown on it, not above. */
  codeFields?: Partial<Record<ErrorCode, string>>;
  /** See mapFieldErrors: rewrites an API path into a form path before matching. */
  rewrite?: (apiPath: string) => string | undefined;
}

interface FormWithErrors {
  setErrors: (errors: Record<string, ReactNode>) => void;
}

/**
 * Puts a failed save's problems on the form: VALIDATION_FAILED field details on their inputs,
 * a field-specific conflict on its input, and answers what is left for FormFailureAlert.
 */
export function applyApiError(
  form: FormWithErrors,
  caught: unknown,
  options: ApplyApiErrorOptions,
): FormFailure | null {
  const error = ApiError.from(caught);
  const codeField = options.codeFields?.[error.code];
  if (codeField) {
    form.setErrors({ [codeField]: errorMessage(error.code) });
    return null;
  }
  const fields = validationFields(error);
  if (!fields) return { error, unmatched: [] };
  const { errors, unmatched } = mapFieldErrors(fields, options.targets, options.rewrite);
  form.setErrors(errors);
  return { error, unmatched };
}

/** Why a save failed: the code's sentence, the problems no field shows, the request's reference. */
export function FormFailureAlert({ failure, testId }: { failure: FormFailure | null; testId?: string }) {
  if (!failure) return null;
  const { error, unmatched } = failure;
  return (
    <Alert color="red" role="alert" title="Not saved" data-testid={testId}>
      <Text size="sm">{errorMessage(error.code, { retryAfterSeconds: error.retryAfterSeconds })}</Text>
      {error.code === 'VALIDATION_FAILED' && unmatched.length === 0 ? (
        <Text size="sm" mt={4}>
          The fields with a problem are marked below.
        </Text>
      ) : null}
      {unmatched.length > 0 ? (
        <List size="sm" mt="xs">
          {unmatched.map((problem) => (
            <List.Item key={problem}>{problem}</List.Item>
          ))}
        </List>
      ) : null}
      {error.requestId ? (
        <Text size="xs" c="dimmed" mt="xs">
          Reference: {error.requestId}
        </Text>
      ) : null}
    </Alert>
  );
}

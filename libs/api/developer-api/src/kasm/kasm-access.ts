import { HttpCode, SetMetadata, UseFilters, UseGuards, applyDecorators, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ApiBadRequestResponse,
  ApiExtension,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { ApiKeyPermission } from '@caster/contracts';
import { ACCESS_NOTE_METADATA, Public } from '@caster/api/core';
import { ApiKeyGuard } from './api-key.guard';
import { KasmErrorDto } from './dto/common.dto';
import { KasmErrorFilter } from './kasm-error.filter';
import { KASM_PERMISSIONS_METADATA, KASM_READ_METADATA } from './kasm-metadata';

export { KASM_PERMISSIONS_METADATA, KASM_READ_METADATA };

/**
 * Declares a Developer API route and the permissions its API key must hold (all of them;
 * `global_admin` holds every one). The route is @Public() for the global AuthGuard — there is no
 * signed-in user — and ApiKeyGuard, applied here, enforces the key; errors are answered Kasm's way
 * (`{ error_message }`) by KasmErrorFilter. Answers 200 like Kasm.
 */
export function KasmPermission(...permissions: [ApiKeyPermission, ...ApiKeyPermission[]]): MethodDecorator {
  return applyDecorators(
    Public(),
    SetMetadata(KASM_PERMISSIONS_METADATA, permissions),
    UseGuards(ApiKeyGuard),
    UseFilters(KasmErrorFilter),
    HttpCode(200),
    ApiExtension('x-api-key-permissions', permissions),
    ApiBadRequestResponse({ type: KasmErrorDto, description: 'Bad input (missing or invalid fields)' }),
    ApiUnauthorizedResponse({
      type: KasmErrorDto,
      description: 'No credentials, an unknown key, a wrong secret, or a disabled or expired key',
    }),
    ApiForbiddenResponse({
      type: KasmErrorDto,
      description: `The key lacks one of: ${permissions.join(', ')} (global_admin implies all), or it is read-only and this call writes`,
    }),
    ApiNotFoundResponse({ type: KasmErrorDto, description: 'An id that names nothing' }),
  );
}

/** A route that only reads: the only kind a read-only key may call. */
export const KasmRead = (): MethodDecorator => SetMetadata(KASM_READ_METADATA, true);

/** `@ApiOkResponse` for a Developer API answer. */
export const KasmOk = (type: Type<unknown>, description?: string): MethodDecorator =>
  ApiOkResponse({ type, ...(description ? { description } : {}) });

const reflector = new Reflector();

/** What the route-access snapshot prints after `public` for this module's routes; undefined for others. */
export function describeDeveloperApiAccess(
  handler: (...args: never[]) => unknown,
  controller: Type<unknown>,
): string | undefined {
  const note = reflector.getAllAndOverride<string | undefined>(ACCESS_NOTE_METADATA, [handler, controller]);
  if (note) return note;
  const permissions = reflector.get<ApiKeyPermission[] | undefined>(KASM_PERMISSIONS_METADATA, handler);
  if (!permissions) return undefined;
  const read = reflector.get<boolean | undefined>(KASM_READ_METADATA, handler) === true;
  return `api key: ${permissions.join(' + ')}${read ? '; read' : ''}`;
}

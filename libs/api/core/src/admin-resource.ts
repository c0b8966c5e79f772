import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from './access';

/**
 * An administrators-only controller: its access rule and the OpenAPI facts that go with it (the
 * bearer scheme, the 403 answer, the tag) in one place, so no admin controller documents less.
 */
export const AdminResource = (tag: string): ClassDecorator =>
  applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(),
    ApiForbiddenResponse({ description: 'FORBIDDEN: administrators only' }),
    AdminOnly(),
  );

/** A route addressed by `:id`: a UUID, and a coded 404 when nothing has it. */
export const ById = (): MethodDecorator =>
  applyDecorators(
    ApiParam({ name: 'id', format: 'uuid' }),
    ApiNotFoundResponse({ description: 'NOT_FOUND' }),
  );

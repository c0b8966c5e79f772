import { ValidateIf } from 'class-validator';

/**
 * Like @IsOptional() but only for absence: `null` is still validated (and refused by the type
 * check that follows). For fields whose "unset" is the absence of the key, not null.
 */
export const OptionalNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

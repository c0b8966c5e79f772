import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@caster/contracts';

/**
 * Every route declares who may call it with exactly one of these decorators (on the handler or
 * its controller). A route with none is refused at run time and fails the route-access test.
 */
export type AccessLevel = 'public' | 'session' | 'signed-in' | 'admin';
export const ACCESS_METADATA = 'caster:access';

export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_METADATA, 'public');
/**
 * A signed-in user, or an anonymous visitor a cast made, on routes that act on the caller's own
 * session (the handler checks ownership). The only level an anonymous principal passes: a route
 * is closed to cast tokens unless it says this.
 */
export const SessionPrincipal = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_METADATA, 'session');
/** A signed-in account (a person with a username and password); never an anonymous visitor. */
export const SignedIn = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_METADATA, 'signed-in');
export const AdminOnly = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_METADATA, 'admin');

/** How a @Public() route is really authorised (shown by the route-access snapshot). */
export const ACCESS_NOTE_METADATA = 'caster:access-note';
/** For @Public() routes authorised by something else than the principal (an API key, a grant, a token). */
export const AccessNote = (note: string): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_NOTE_METADATA, note);

/** Who is calling: set on the request by the auth guard. */
export interface Principal {
  userId: string;
  username: string;
  role: Role;
  anonymous: boolean;
  tokenId: string;
  /** How the token arrived: a cookie needs the CSRF header on unsafe methods. */
  via: 'bearer' | 'cookie';
}

export interface RequestWithPrincipal {
  principal?: Principal;
}

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Principal | undefined => {
    return ctx.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  },
);

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/*
 * What the users module needs from modules that depend on it (groups, auth, sessions). Each is an
 * abstract class used as an injection token; the app's root module binds it to the real service,
 * so no library imports the other and the dependency graph stays acyclic.
 */

/** Group membership, owned by the groups module. */
export abstract class UserGroupsPort {
  /** Each user's group ids, the system group "All Users" included; one query for all users. */
  abstract groupIdsOfUsers(userIds: readonly string[], em?: EntityManager): Promise<Map<string, string[]>>;
  /**
   * Replaces a user's explicit memberships inside the caller's transaction. The system group's id
   * is accepted and ignored; an unknown id fails with VALIDATION_FAILED on `groupIds`.
   */
  abstract replaceGroupsOfUser(em: EntityManager, userId: string, groupIds: readonly string[]): Promise<void>;
}

/** Sign-in tokens, owned by the auth module. */
export abstract class UserTokensPort {
  /** Signs the user out everywhere. */
  abstract revokeAllFor(userId: string): Promise<void>;
}

/** Running sessions, owned by the sessions module (the root module binds it to SessionsService). */
export abstract class UserSessionsPort {
  /** Sessions of the user that are not stopped or failed. */
  abstract countActive(userId: string): Promise<number>;
  /** Which of these users have at least one active session (for the anonymous clean-up). */
  abstract withActiveSessions(userIds: readonly string[]): Promise<Set<string>>;
  /** Stops and removes every session of the user; resolves when they are gone. */
  abstract stopAll(userId: string): Promise<void>;
}

/** For a composition without the sessions module: nobody has a session. */
@Injectable()
export class NoUserSessions extends UserSessionsPort {
  countActive(_userId: string): Promise<number> {
    return Promise.resolve(0);
  }
  withActiveSessions(_userIds: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(new Set());
  }
  stopAll(_userId: string): Promise<void> {
    return Promise.resolve();
  }
}

import type { EntityManager } from 'typeorm';

/**
 * What agent choice needs to know about the sessions already placed: owned by the sessions module
 * (its SessionsRepository), bound where AgentsService is provided. The counts run inside the
 * caller's transaction, under the capacity lock AgentsService takes.
 */
export abstract class AgentLoad {
  /** Live sessions per agent id, warm staged ones included. */
  abstract countPerAgent(em: EntityManager): Promise<Map<string, number>>;
  /** Whether any session that is not over was placed on this agent (e.g. the Swarm). */
  abstract anyLiveOnAgent(agentId: string): Promise<boolean>;
  /** Places a session recorded without an agent; false when it already has one or moved on. */
  abstract assignAgent(em: EntityManager, sessionId: string, agentId: string): Promise<boolean>;
}

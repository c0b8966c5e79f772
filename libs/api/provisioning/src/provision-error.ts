/** What went wrong, in terms the session's `failed` state can carry. */
export type ProvisionFailure =
  | 'IMAGE_NOT_FOUND'
  | 'ENGINE_UNAVAILABLE'
  | 'NETWORK_NOT_FOUND'
  | 'ENGINE_ERROR'
  /** Swarm: no node satisfies the placement constraints or has the resources reserved. */
  | 'NO_NODE'
  /** Swarm: the task was rejected or failed before it ran. */
  | 'TASK_FAILED'
  /** A workspace option this provider cannot honour and must not silently drop. */
  | 'UNSUPPORTED_OPTION'
  /** Swarm: the task runs on a node whose engine the API cannot reach (exec, files). */
  | 'REMOTE_TASK';

export class ProvisionError extends Error {
  constructor(
    readonly reason: ProvisionFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ProvisionError';
  }
}

export function classifyDockerError(e: unknown, image?: string, network?: string | null): ProvisionError {
  if (e instanceof ProvisionError) return e;
  const err = e as { statusCode?: number; code?: string; message?: string; json?: { message?: string } };
  const message = err.json?.message ?? err.message ?? String(e);
  if (
    err.code === 'ECONNREFUSED' ||
    err.code === 'ENOENT' ||
    err.code === 'EHOSTUNREACH' ||
    err.code === 'ETIMEDOUT' ||
    err.code === 'ECONNRESET'
  ) {
    return new ProvisionError('ENGINE_UNAVAILABLE', `the Docker engine is unreachable (${err.code})`);
  }
  if (err.statusCode === 404 && /network/i.test(message)) {
    return new ProvisionError('NETWORK_NOT_FOUND', `network ${network ?? ''} does not exist`);
  }
  if (err.statusCode === 404)
    return new ProvisionError('IMAGE_NOT_FOUND', `image ${image ?? ''} is not on the engine`);
  return new ProvisionError('ENGINE_ERROR', message);
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DockerOptions } from 'dockerode';

/**
 * dockerode options for a Docker address: unix:///var/run/docker.sock, tcp://host:2375, or
 * https://host:2376 / tcp with TLS material from a directory holding ca.pem, cert.pem, key.pem.
 */
export function dockerOptionsFor(url: string | null, tlsDir?: string | null): DockerOptions {
  if (!url) return { socketPath: '/var/run/docker.sock' };
  const parsed = new URL(url);
  if (parsed.protocol === 'unix:') return { socketPath: parsed.pathname };
  const tls = parsed.protocol === 'https:' || Boolean(tlsDir);
  const options: DockerOptions = {
    host: parsed.hostname,
    port: Number(parsed.port || (tls ? 2376 : 2375)),
    protocol: tls ? 'https' : 'http',
  };
  if (tlsDir) {
    options.ca = readFileSync(join(tlsDir, 'ca.pem'));
    options.cert = readFileSync(join(tlsDir, 'cert.pem'));
    options.key = readFileSync(join(tlsDir, 'key.pem'));
  }
  return options;
}

/** The host the API uses to reach ports an engine publishes. */
export function reachableHostFor(url: string | null): string {
  if (!url) return '127.0.0.1';
  const parsed = new URL(url);
  return parsed.protocol === 'unix:' ? '127.0.0.1' : parsed.hostname;
}

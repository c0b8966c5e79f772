import { describe, expect, it } from 'vitest';
import { dockerOptionsFor, reachableHostFor } from './docker-url';
import { classifyDockerError } from '../provision-error';
import { localAgent } from './docker-agent';

describe('docker addresses', () => {
  it('uses the local socket by default', () => {
    expect(dockerOptionsFor(null)).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(reachableHostFor(null)).toBe('127.0.0.1');
  });
  it('parses unix and tcp addresses', () => {
    expect(dockerOptionsFor('unix:///run/user/docker.sock')).toEqual({ socketPath: '/run/user/docker.sock' });
    expect(dockerOptionsFor('tcp://10.1.2.3:2375')).toEqual({
      host: '10.1.2.3',
      port: 2375,
      protocol: 'http',
    });
    expect(dockerOptionsFor('https://engine.example:2376')).toMatchObject({
      host: 'engine.example',
      protocol: 'https',
    });
    expect(reachableHostFor('tcp://10.1.2.3:2375')).toBe('10.1.2.3');
  });
  it('publishes on loopback for a local engine and on all interfaces for a remote one', () => {
    expect(localAgent(null).publishIp).toBe('127.0.0.1');
    expect(localAgent('tcp://10.1.2.3:2375').publishIp).toBe('0.0.0.0');
  });
});

describe('classifyDockerError', () => {
  it('recognises an unreachable engine, a missing image and a missing network', () => {
    expect(classifyDockerError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).reason).toBe(
      'ENGINE_UNAVAILABLE',
    );
    expect(classifyDockerError({ statusCode: 404, json: { message: 'No such image: x' } }, 'x').reason).toBe(
      'IMAGE_NOT_FOUND',
    );
    expect(classifyDockerError({ statusCode: 404, json: { message: 'network foo not found' } }).reason).toBe(
      'NETWORK_NOT_FOUND',
    );
    expect(classifyDockerError({ statusCode: 500, json: { message: 'boom' } }).reason).toBe('ENGINE_ERROR');
  });
});

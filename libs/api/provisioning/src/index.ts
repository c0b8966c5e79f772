export * from './labels';
export * from './readiness';
export * from './docker/docker-url';
export * from './docker/docker-agent';
export * from './docker/run-config';

export * from './config';
export * from './cidr';
export * from './config.module';
export * from './session-origins';

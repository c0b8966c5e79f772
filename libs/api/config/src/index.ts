export * from './config';
export * from './cidr';
export * from './config.module';

export * from './cluster.module';
export * from './cluster-lock';
export * from './cluster-notifications';
export * from './replica-registry';

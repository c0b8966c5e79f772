export * from './casting.module';
export * from './casting.service';
export * from './failed-cast-release.service';
export * from './cast-config.entity';
export * from './policy/referrer';
export * from './policy/remote-app';
export * from './anonymous-launch.service';

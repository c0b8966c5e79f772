export * from './groups.module';
export * from './groups.service';
export * from './group.entity';
export * from './effective-settings';

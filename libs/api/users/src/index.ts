export * from './user.entity';
export * from './users.service';
export * from './users.module';

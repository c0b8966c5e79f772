export * from './user.entity';
export * from './users.service';
export * from './users.module';
export * from './user-ports';
export * from './admin-users.service';
export * from './anonymous-users-cleanup.service';
export * from './username';

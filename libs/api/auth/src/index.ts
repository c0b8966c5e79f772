export * from './auth.module';
export * from './auth.service';
export * from './tokens.service';
export * from './auth-token.entity';
export * from './cookies';
export * from './admin-bootstrap.service';
export * from './guards/auth.guard';

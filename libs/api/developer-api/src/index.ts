export * from './developer-api.module';
export * from './api-keys/api-keys.service';
export * from './api-keys/api-key.entity';
export { describeDeveloperApiAccess, KasmPermission, KasmRead, AccessNote } from './kasm/kasm-access';
export { ApiKeyGuard } from './kasm/api-key.guard';
export { toKasmId, fromKasmId } from './kasm/kasm-ids';

export * from './developer-api.module';
export { describeDeveloperApiAccess, KasmPermission, KasmRead } from './kasm/kasm-access';
export { ApiKeyGuard } from './kasm/api-key.guard';
export { toKasmId, fromKasmId } from './kasm/kasm-ids';

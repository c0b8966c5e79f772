const HEX32 = /^[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Kasm writes ids as 32 hex digits without dashes. */
export const toKasmId = (uuid: string): string => uuid.replace(/-/g, '').toLowerCase();

export const toKasmIdOrNull = (uuid: string | null | undefined): string | null =>
  uuid ? toKasmId(uuid) : null;

/** An id from a Kasm client, with or without dashes, as our dashed lowercase UUID; null if it is not one. */
export function fromKasmId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase();
  if (UUID.test(v)) return v;
  if (!HEX32.test(v)) return null;
  return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20)}`;
}

export const KASM_PERMISSIONS_METADATA = 'caster:kasm-permissions';
export const KASM_READ_METADATA = 'caster:kasm-read';

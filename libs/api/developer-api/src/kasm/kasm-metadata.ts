export const KASM_PERMISSIONS_METADATA = 'caster:kasm-permissions';
export const KASM_READ_METADATA = 'caster:kasm-read';
/** How a route this module marks @Public() is really authorised (shown by the route-access snapshot). */
export const ACCESS_NOTE_METADATA = 'caster:access-note';

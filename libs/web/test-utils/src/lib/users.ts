import { type Me } from '@caster/contracts';

/** A signed-in administrator, the default principal of a rendered page. */
export const admin: Me = { id: 'u-admin', username: 'root', role: 'admin', anonymous: false, groups: [] };

/** A signed-in user without administration rights. */
export const user: Me = { id: 'u-2', username: 'bob', role: 'user', anonymous: false, groups: [] };

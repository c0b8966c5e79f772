import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { UsersService } from '@caster/api/users';

/** What the first start tells the person who started Caster, once. */
export interface FirstStartCredentials {
  username: string;
  /** The generated password; null when it came from ADMIN_PASSWORD (never repeated). */
  password: string | null;
}

/**
 * First start: creates the `admin` account. Its password is ADMIN_PASSWORD, or a generated one
 * that main.ts prints once in the start-up banner (to stdout, never through the logger, so it does
 * not land in structured logs). It is handed out once and then forgotten.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');
  private firstStart: FirstStartCredentials | null = null;

  constructor(
    private readonly users: UsersService,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.countAdmins()) > 0) return;
    const generated = this.config.adminPassword === null;
    const password = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    try {
      await this.users.create({ username: 'admin', password, role: 'admin' });
    } catch (e) {
      // Another replica created it first.
      if ((await this.users.countAdmins()) > 0) return;
      throw e;
    }
    this.logger.log('Created the first administrator account "admin"');
    this.firstStart = { username: 'admin', password: generated ? password : null };
  }

  /** The first start's credentials, the first time this is asked after creating them; then null. */
  takeFirstStartCredentials(): FirstStartCredentials | null {
    const taken = this.firstStart;
    this.firstStart = null;
    return taken;
  }
}

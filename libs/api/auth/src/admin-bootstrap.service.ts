import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { UsersService } from '@caster/api/users';

/** Where the one-time credentials go; stdout by default, replaceable in tests. */
export const CREDENTIALS_PRINTER = Symbol('CREDENTIALS_PRINTER');
export type CredentialsPrinter = (text: string) => void;

/**
 * First start: creates the `admin` account. Its password is ADMIN_PASSWORD, or a generated one
 * printed once to stdout (not through the logger, so it never lands in structured logs).
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly users: UsersService,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
    @Inject(CREDENTIALS_PRINTER) private readonly print: CredentialsPrinter,
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
    this.print(
      generated
        ? `\n  First start: administrator account created\n    username: admin\n    password: ${password}\n  (shown once; change it after signing in)\n`
        : '\n  First start: administrator account "admin" created with ADMIN_PASSWORD\n',
    );
  }
}

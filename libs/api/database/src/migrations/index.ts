import { Foundation1764300000000 } from './1764300000000-foundation';
import { UsersAdmin1764400000000 } from './1764400000000-users-admin';
import { ServerSettings1764400001000 } from './1764400001000-server-settings';
import { Workspaces1764400002000 } from './1764400002000-workspaces';
import { Groups1764400003000 } from './1764400003000-groups';
import { Sessions1764500000000 } from './1764500000000-sessions';
import { Casting1764600000000 } from './1764600000000-casting';
import { ApiKeys1764700000000 } from './1764700000000-api-keys';
import { Replicas1764800000000 } from './1764800000000-replicas';
import { CastClaimsAtIndex1764810000000 } from './1764810000000-cast-claims-at-index';
import { WorkspaceProvider1764900000000 } from './1764900000000-workspace-provider';
import { SessionEntryGrants1765000000000 } from './1765000000000-session-entry-grants';
import { SessionIsolation1765110000000 } from './1765110000000-session-isolation';
import { SessionProxySecret1765200000000 } from './1765200000000-session-proxy-secret';
import { RdpGateway1765300000000 } from './1765300000000-rdp-gateway';
import { CastClaimsStage1765310000000 } from './1765310000000-cast-claims-stage';
import { SessionHistory1765400000000 } from './1765400000000-session-history';
import { CastTestVisits1765410000000 } from './1765410000000-cast-test-visits';

/** Every migration, oldest first. Add new ones at the end; never edit a released one. */
export const MIGRATIONS = [
  Foundation1764300000000,
  UsersAdmin1764400000000,
  ServerSettings1764400001000,
  Workspaces1764400002000,
  Groups1764400003000,
  Sessions1764500000000,
  Casting1764600000000,
  ApiKeys1764700000000,
  Replicas1764800000000,
  CastClaimsAtIndex1764810000000,
  WorkspaceProvider1764900000000,
  SessionEntryGrants1765000000000,
  SessionIsolation1765110000000,
  SessionProxySecret1765200000000,
  RdpGateway1765300000000,
  CastClaimsStage1765310000000,
  SessionHistory1765400000000,
  CastTestVisits1765410000000,
];

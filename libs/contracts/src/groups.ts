import type {
  GroupSettingKey,
  GroupSettingValues,
  GroupSettings,
  GroupSettingsInput,
} from './group-settings';
import type { PageQuery } from './pagination';

/** Priorities run from 1 (wins) to this; "All Users" starts here so it comes last. */
export const MAX_GROUP_PRIORITY = 100_000;
export const DEFAULT_GROUP_PRIORITY = 100;

/** `/api/admin/groups` resource. */
export interface Group {
  id: string;
  name: string;
  description: string;
  /** Lower number wins when two groups set the same setting. */
  priority: number;
  /** True only for "All Users": every user is in it implicitly; it cannot be deleted or renamed. */
  system: boolean;
  settings: GroupSettings;
  /** Workspaces the group's members may launch from the dashboard. */
  workspaceIds: string[];
  /** Explicit members. Always empty for the system group, whose membership is implicit. */
  userIds: string[];
  /** Number of members (every user for the system group). */
  userCount: number;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/admin/groups */
export interface CreateGroupRequest {
  name: string;
  description?: string;
  priority?: number;
  /** Replaces the group's settings as a whole; `null` values are dropped. */
  settings?: GroupSettingsInput;
  workspaceIds?: string[];
  userIds?: string[];
}

/** PATCH (or PUT, same meaning) /api/admin/groups/:id: only the fields sent change. */
export type UpdateGroupRequest = Partial<CreateGroupRequest>;

export type GroupSortField = 'priority' | 'name' | 'createdAt';

export interface GroupListQuery extends PageQuery {
  sort?: GroupSortField;
}

/** GET /api/admin/users/:id/effective-settings */
export interface EffectiveSettings {
  settings: GroupSettingValues;
  /** Which group each value came from; null = the documented default. */
  sources: Record<GroupSettingKey, string | null>;
}

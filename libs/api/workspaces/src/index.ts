export * from './workspaces.module';
export * from './workspaces.service';
export * from './workspace.entity';
export type { WorkspaceRecord } from './workspace-record';
export type { WorkspaceDraft, ServerDraft } from './workspace-input';
export * from './docker-options';

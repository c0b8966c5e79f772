import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { PoolMembersResponse } from '@caster/contracts';
import { AdminResource, AppError, ParseIdPipe } from '@caster/api/core';
import { WorkspaceLookup } from '../ports';
import { SessionsRepository } from '../state/sessions.repository';
import { PoolMembersResponseDto } from './session.dto';

/** A pool's members with what runs on them now (the workspace page's member list). */
@AdminResource('admin: workspaces')
@Controller('admin/workspaces')
export class AdminPoolController {
  constructor(
    private readonly workspaces: WorkspaceLookup,
    private readonly sessions: SessionsRepository,
  ) {}

  @Get(':id/pool-members')
  @ApiOperation({
    summary: "A pool workspace's member servers: live sessions on each, its capacity and state",
  })
  @ApiOkResponse({ type: PoolMembersResponseDto })
  async members(@Param('id', ParseIdPipe) id: string): Promise<PoolMembersResponse> {
    const pool = await this.workspaces.forLaunch(id);
    if (!pool || pool.type !== 'pool') throw new AppError('NOT_FOUND', 'Pool workspace not found');
    const members = await this.workspaces.poolMembers(id);
    const load = await this.sessions.activePerServer(members.map((m) => m.id));
    const capacity = pool.poolSessionsPerServer ?? 1;
    return {
      members: members.map((m) => {
        const activeSessions = load.get(m.id) ?? 0;
        return {
          serverId: m.id,
          name: m.name,
          host: m.host,
          port: m.port,
          enabled: m.enabled,
          activeSessions,
          capacity,
          state: !m.enabled ? 'disabled' : activeSessions >= capacity ? 'busy' : 'free',
        };
      }),
    };
  }
}

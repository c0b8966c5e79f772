import { Injectable } from '@nestjs/common';
import { AppError } from '@caster/api/core';
import { WorkspacesService } from '@caster/api/workspaces';
import type { RemoteAppConfig } from '@caster/contracts';
import type { CastConfigEntity } from '../cast-config.entity';
import type { CastPolicy } from '../pipeline/cast-policy';
import type { CastParams, IdentifiedContext, ReadyContext } from '../pipeline/cast-context';
import { buildRemoteApp } from './remote-app';

const MAX_PARAMS = 50;
const MAX_VALUE = 2048;
const NETWORK = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
/** A DNS name or IPv4 address: letters, digits, hyphens between dots. */
const HOST =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const refuse = (
  code: 'PARAMETER_INVALID' | 'PARAMETER_NOT_ALLOWED' | 'PARAMETER_REQUIRED',
  param: string,
  message: string,
): AppError => new AppError(code, message, { param });

/** `kasm_url` as an http(s) URL; a bare host ("example.com", as the specification shows) means https. */
export function normaliseKasmUrl(value: string): string | null {
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  try {
    const url = new URL(candidate);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!HOST.test(url.hostname) && !/^\[[0-9a-f:.]+\]$/i.test(url.hostname)) return null;
    return url.toString();
  } catch {
    return null;
  }
}

/**
 * The link's URL parameters. Parameters the link does not use (utm_source …) are ignored;
 * kasm_url and docker_network need their option (and the network the workspace's permission);
 * remote-app arguments are built from the Remote App Configuration with whole-string patterns.
 */
@Injectable()
export class ParamsPolicy implements CastPolicy<IdentifiedContext, ReadyContext> {
  readonly name = 'params';

  constructor(private readonly workspaces: WorkspacesService) {}

  async check(ctx: IdentifiedContext): Promise<ReadyContext> {
    const { config } = ctx;
    const params = textParams(ctx.body.params ?? {});
    return {
      ...ctx,
      params: {
        kasmUrl: kasmUrlParam(config, params['kasm_url']),
        network: await this.networkParam(config, params['docker_network']),
        remoteApp: remoteAppParam(config.remoteAppConfig, params),
      },
    };
  }

  /** docker_network: the link's option, the workspace's permission and its list. */
  private async networkParam(config: CastConfigEntity, value: string | undefined): Promise<string | null> {
    if (value === undefined) return null;
    if (!config.dynamicDockerNetwork)
      throw refuse('PARAMETER_NOT_ALLOWED', 'docker_network', 'This link does not accept docker_network');
    if (!NETWORK.test(value)) throw refuse('PARAMETER_INVALID', 'docker_network', 'not a network name');
    const workspace = await this.workspaces.find(config.workspaceId);
    if (!workspace?.allowNetworkSelection)
      throw refuse(
        'PARAMETER_NOT_ALLOWED',
        'docker_network',
        'This workspace does not allow network selection',
      );
    if (!(workspace.allowedNetworks ?? []).includes(value))
      throw refuse(
        'PARAMETER_NOT_ALLOWED',
        'docker_network',
        'That network is not allowed for this workspace',
      );
    return value;
  }
}

/** Every parameter as text, at most MAX_PARAMS of at most MAX_VALUE characters. */
export function textParams(raw: Record<string, unknown>): Record<string, string> {
  const entries = Object.entries(raw);
  if (entries.length > MAX_PARAMS)
    throw refuse('PARAMETER_INVALID', 'params', `at most ${MAX_PARAMS} parameters`);
  const params: Record<string, string> = {};
  for (const [name, value] of entries) {
    const label = name.slice(0, 64);
    if (typeof value !== 'string')
      throw refuse('PARAMETER_INVALID', label, `parameter "${label}" must be text`);
    if (value.length > MAX_VALUE || name.length > 64)
      throw refuse('PARAMETER_INVALID', label, 'parameter too long');
    params[name] = value;
  }
  return params;
}

/** kasm_url: the link's option, and an http(s) address without control characters. */
function kasmUrlParam(config: CastConfigEntity, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!config.dynamicKasmUrl)
    throw refuse('PARAMETER_NOT_ALLOWED', 'kasm_url', 'This link does not accept kasm_url');
  const kasmUrl = CONTROL.test(value) ? null : normaliseKasmUrl(value);
  if (!kasmUrl) throw refuse('PARAMETER_INVALID', 'kasm_url', 'kasm_url must be an http or https address');
  return kasmUrl;
}

/**
 * remote-app and remote-app-args from the link's Remote App Configuration, if it has one, or the
 * coded error the visitor gets. The admin dry run calls this too, so it answers what a cast builds.
 */
export function remoteAppParam(
  remoteAppConfig: RemoteAppConfig | null,
  params: Record<string, string>,
): CastParams['remoteApp'] {
  if (!remoteAppConfig) return null;
  const built = buildRemoteApp(remoteAppConfig, params);
  if ('problem' in built)
    throw refuse(
      built.problem.code,
      built.problem.param,
      `Parameter "${built.problem.param}" ${built.problem.reason}`,
    );
  return built;
}

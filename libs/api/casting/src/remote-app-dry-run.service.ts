import { Injectable } from '@nestjs/common';
import {
  castParamsFromSample,
  type RemoteAppConfig,
  type RemoteAppDryRunRequest,
  type RemoteAppDryRunResult,
} from '@caster/contracts';
import { controlCharacterFields, invalidFields } from '@caster/api/core';
import { CastingService } from './casting.service';
import { remoteAppParam, textParams } from './policy/params.policy';
import { validateRemoteAppConfig } from './policy/remote-app';

/**
 * What a cast would put in remote-app and remote-app-args for a sample link, so an administrator
 * can try a Remote App Configuration before a visitor does. It runs the cast's own steps on the
 * sample's parameters (the SPA's query reading, the request guard's control characters, the params
 * policy's limits and builder), so an answer here is the answer a cast gets.
 */
@Injectable()
export class RemoteAppDryRun {
  constructor(private readonly casting: CastingService) {}

  async run(input: RemoteAppDryRunRequest): Promise<RemoteAppDryRunResult> {
    const config = await this.configOf(input);
    const params = castParamsFromSample(input.url);
    // A cast carrying these characters is refused by the global input guard before any policy.
    const controls = controlCharacterFields(params, true, 'params');
    if (Object.keys(controls).length > 0) throw invalidFields(controls);
    const built = remoteAppParam(config, textParams(params));
    // remoteAppParam answers null only without a configuration, which configOf never gives.
    if (!built) throw new Error('RemoteAppDryRun: no remote app was built');
    return { params, 'remote-app': built.name, 'remote-app-args': built.args };
  }

  /** The draft (checked as a save would check it) or the saved link's configuration as it is. */
  private async configOf(input: RemoteAppDryRunRequest): Promise<RemoteAppConfig> {
    if ((input.castConfigId === undefined) === (input.remoteAppConfig === undefined))
      throw invalidFields({
        remoteAppConfig: 'give exactly one of remoteAppConfig (a draft) and castConfigId (a saved link)',
      });
    if (input.remoteAppConfig !== undefined) {
      const problems = validateRemoteAppConfig(input.remoteAppConfig);
      if (Object.keys(problems).length > 0) throw invalidFields(problems);
      return input.remoteAppConfig;
    }
    const saved = (await this.casting.get(input.castConfigId as string)).remoteAppConfig;
    if (!saved) throw invalidFields({ castConfigId: 'this casting link has no Remote App Configuration' });
    return saved;
  }
}

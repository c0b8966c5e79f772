import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { GROUP_SETTINGS, type GroupSettingKey, type GroupSettingsInput } from '@caster/contracts';

/** Validation and OpenAPI of one setting, both read from the contracts catalogue. */
function GroupSetting(key: GroupSettingKey): PropertyDecorator {
  const def = GROUP_SETTINGS[key];
  if (def.type === 'boolean') {
    return applyDecorators(
      ApiPropertyOptional({
        type: Boolean,
        nullable: true,
        default: def.default,
        description: def.description,
      }),
      IsOptional(),
      IsBoolean(),
    );
  }
  const zero = 'zeroMeans' in def ? ` 0 = ${def.zeroMeans}.` : '';
  return applyDecorators(
    ApiPropertyOptional({
      type: 'integer',
      nullable: true,
      minimum: def.min,
      maximum: def.max,
      default: def.default,
      description: `${def.description} In ${def.unit}.${zero}`,
    }),
    IsOptional(),
    IsInt(),
    Min(def.min),
    Max(def.max),
  );
}

/**
 * A group's settings. Unknown keys are refused by the global pipe (`settings.<key>`); a null
 * value removes the key from the group.
 */
export class GroupSettingsDto implements GroupSettingsInput {
  @GroupSetting('keepalive_expiration') keepalive_expiration?: number | null;
  @GroupSetting('session_time_limit') session_time_limit?: number | null;
  @GroupSetting('idle_disconnect') idle_disconnect?: number | null;
  @GroupSetting('max_kasms_per_user') max_kasms_per_user?: number | null;
  @GroupSetting('allow_persistent_profile') allow_persistent_profile?: boolean | null;
  @GroupSetting('allow_kasm_audio') allow_kasm_audio?: boolean | null;
  @GroupSetting('kasm_audio_default_on') kasm_audio_default_on?: boolean | null;
  @GroupSetting('allow_kasm_downloads') allow_kasm_downloads?: boolean | null;
  @GroupSetting('allow_kasm_uploads') allow_kasm_uploads?: boolean | null;
  @GroupSetting('allow_kasm_clipboard_down') allow_kasm_clipboard_down?: boolean | null;
  @GroupSetting('allow_kasm_clipboard_up') allow_kasm_clipboard_up?: boolean | null;
  @GroupSetting('allow_kasm_microphone') allow_kasm_microphone?: boolean | null;
  @GroupSetting('allow_kasm_gamepad') allow_kasm_gamepad?: boolean | null;
  @GroupSetting('allow_kasm_sharing') allow_kasm_sharing?: boolean | null;
  @GroupSetting('kasm_ime_mode_default_on') kasm_ime_mode_default_on?: boolean | null;
}

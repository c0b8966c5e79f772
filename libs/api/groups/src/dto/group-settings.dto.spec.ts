import { describe, expect, it } from 'vitest';
import { GROUP_SETTING_KEYS } from '@caster/contracts';
import { createValidationPipe, type AppError } from '@caster/api/core';
import { GroupSettingsDto } from './group-settings.dto';

const pipe = createValidationPipe();
const validate = (value: unknown) => pipe.transform(value, { type: 'body', metatype: GroupSettingsDto });

describe('GroupSettingsDto', () => {
  it('declares every key of the contracts catalogue, and only those', async () => {
    const all = Object.fromEntries(GROUP_SETTING_KEYS.map((k) => [k, null]));
    await expect(validate(all)).resolves.toBeDefined();
  });

  it('refuses unknown keys and values of the wrong type or out of bounds, naming each', async () => {
    const error = (await validate({
      allow_kasm_audio: 'yes',
      keepalive_expiration: 10,
      max_kasms_per_user: 1.5,
      allow_everything: true,
    }).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(error.details?.fields ?? {}).sort()).toEqual([
      'allow_everything',
      'allow_kasm_audio',
      'keepalive_expiration',
      'max_kasms_per_user',
    ]);
  });
});

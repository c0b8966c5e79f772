import { describe, expect, it } from 'vitest';
import {
  CASTING_FIELD_LABELS,
  CASTING_FIELD_ORDER,
  fieldLabel,
  firstInFormOrder,
  humanReason,
  validUntilWarning,
} from './casting-field-labels';
import { castingInitialValues, mapServerErrors, validateCastingForm } from './casting-form-values';

describe('fieldLabel', () => {
  it('names every field as the form labels it, client settings included', () => {
    expect(fieldLabel('kasmUrl')).toBe('Kasm URL');
    expect(fieldLabel('ipRequestSeconds')).toBe('Within seconds (per IP)');
    expect(fieldLabel('clientSettings.allowAudio')).not.toBe('clientSettings.allowAudio');
    expect(fieldLabel('somethingNew')).toBe('somethingNew');
  });

  it('has a label and a place in the order for every form field', () => {
    for (const field of Object.keys(CASTING_FIELD_LABELS)) expect(CASTING_FIELD_ORDER).toContain(field);
  });
});

describe('humanReason', () => {
  it("drops class-validator's leading property name", () => {
    expect(humanReason('kasmUrl', 'kasmUrl must be an http(s) URL')).toBe('Must be an http(s) URL');
    expect(humanReason('remoteAppConfig.args.0.value_pattern', 'value_pattern is not a valid pattern')).toBe(
      'Is not a valid pattern',
    );
    expect(humanReason('name', 'already taken')).toBe('already taken');
  });
});

describe('mapServerErrors in words', () => {
  it('puts the reason under its field without the field name, and lists others by label', () => {
    const { errors, unmatched } = mapServerErrors(
      { kasmUrl: 'kasmUrl must be an http(s) URL', unknownThing: 'unknownThing should not exist' },
      { allowedReferrers: '' },
    );
    expect(errors).toEqual({ kasmUrl: 'Must be an http(s) URL' });
    expect(unmatched).toEqual(['unknownThing: Should not exist']);
  });
});

describe('validateCastingForm follows the server bounds', () => {
  const base = { ...castingInitialValues(), name: 'Demo', workspaceId: 'w-1' };

  it('refuses what CastConfigDto refuses, in words', () => {
    expect(validateCastingForm({ ...base, name: 'x'.repeat(129) })).toEqual({
      name: 'At most 128 characters',
    });
    expect(validateCastingForm({ ...base, maxConcurrent: 100_001 })).toEqual({
      maxConcurrent: 'At most 100,000',
    });
    expect(validateCastingForm({ ...base, kasmUrl: 'ftp://example.com' })).toEqual({
      kasmUrl: 'An http:// or https:// address, such as https://example.com',
    });
    expect(validateCastingForm({ ...base, errorUrl: `https://e.com/${'a'.repeat(2048)}` })).toEqual({
      errorUrl: 'At most 2048 characters',
    });
  });

  it('accepts the bounds themselves', () => {
    expect(
      validateCastingForm({
        ...base,
        name: 'x'.repeat(128),
        maxConcurrent: 100_000,
        limitIps: true,
        ipRequestLimit: 1_000_000,
        ipRequestSeconds: 31_536_000,
      }),
    ).toEqual({});
  });
});

describe('firstInFormOrder', () => {
  it('picks the field highest on the form', () => {
    expect(firstInFormOrder(['errorUrl', 'validUntil', 'workspaceId'])).toBe('workspaceId');
    expect(firstInFormOrder(['remoteAppConfig', 'clientSettings.allowAudio'])).toBe(
      'clientSettings.allowAudio',
    );
    expect(firstInFormOrder([])).toBeUndefined();
  });
});

describe('validUntilWarning', () => {
  const now = Date.parse('2030-06-01T12:00:00Z');
  it('warns only for a time already passed', () => {
    expect(validUntilWarning('2030-06-01T11:59:00Z', now)).toMatch(/already passed/);
    expect(validUntilWarning('2030-06-01T12:01:00Z', now)).toBeNull();
    expect(validUntilWarning(null, now)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { SESSION_STATES, type ClientSettings } from '@caster/contracts';
import {
  connectUrl,
  fromKasmClientSettings,
  kasmTime,
  operationalStatus,
  parseKasmTime,
  toKasmClientSettings,
  toKasmImage,
} from './kasm-format';

const SETTINGS: ClientSettings = {
  allowAudio: true,
  audioDefaultOn: false,
  allowDownloads: true,
  allowClipboardDown: false,
  allowClipboardUp: true,
  allowMicrophone: false,
  allowUploads: true,
  allowGamepads: false,
  allowSharing: true,
  imeDefaultOn: false,
};

describe('Kasm formats', () => {
  it('writes times the way Kasm does, in UTC', () => {
    expect(kasmTime(new Date('2020-09-08T18:47:04.565Z'))).toBe('2020-09-08 18:47:04.565000');
    expect(kasmTime(null)).toBeNull();
  });

  it('reads Kasm times as UTC and ISO-8601 times with a zone; refuses the rest', () => {
    expect(parseKasmTime('2020-09-08 18:47:04.565425')?.toISOString()).toBe('2020-09-08T18:47:04.565Z');
    expect(parseKasmTime('2030-01-02 03:04')?.toISOString()).toBe('2030-01-02T03:04:00.000Z');
    expect(parseKasmTime('2030-01-02T03:04:05+02:00')?.toISOString()).toBe('2030-01-02T01:04:05.000Z');
    expect(parseKasmTime('tomorrow')).toBeNull();
    expect(parseKasmTime('2030-13-45 00:00:00')).toBeNull();
  });

  it('maps every session state to a Kasm operational status with a progress of 0–100', () => {
    for (const state of SESSION_STATES) {
      const op = operationalStatus(state);
      expect(op.progress).toBeGreaterThanOrEqual(0);
      expect(op.progress).toBeLessThanOrEqual(100);
      expect(op.message).not.toBe('');
    }
    expect(operationalStatus('running').status).toBe('running');
    expect(operationalStatus('provisioning').status).toBe('provisioning');
    expect(operationalStatus('starting').status).toBe('starting');
    expect(operationalStatus('stopped').status).toBe('stopped');
    expect(operationalStatus('failed', { code: 'NO_CAPACITY', message: 'full' })).toEqual({
      status: 'failed',
      progress: 100,
      message: 'full',
    });
  });

  it('renames client settings both ways, and merges only the Kasm names sent', () => {
    const kasm = toKasmClientSettings(SETTINGS);
    expect(kasm.allow_kasm_audio).toBe(true);
    expect(kasm.allow_kasm_gamepad).toBe(false);
    expect(kasm.kasm_ime_mode_default_on).toBe(false);
    expect(fromKasmClientSettings(kasm, { ...SETTINGS, allowAudio: false })).toEqual(SETTINGS);
    expect(fromKasmClientSettings({}, SETTINGS)).toBeNull();
    expect(fromKasmClientSettings({ allow_kasm_downloads: false }, SETTINGS)).toEqual({
      ...SETTINGS,
      allowDownloads: false,
    });
  });

  it('describes a workspace as a Kasm image', () => {
    expect(
      toKasmImage({
        id: '50faa543-9c57-4b51-8cd8-68dac9256e4b',
        name: 'Tiny',
        description: 'd',
        type: 'container',
        enabled: true,
        image: 'caster/tiny-app:latest',
        cores: 0.5,
        memoryMb: 128,
      }),
    ).toEqual({
      image_id: '50faa5439c574b518cd868dac9256e4b',
      friendly_name: 'Tiny',
      name: 'caster/tiny-app:latest',
      description: 'd',
      image_type: 'Container',
      enabled: true,
      available: true,
      cores: 0.5,
      memory: 128_000_000,
    });
  });

  it('builds the connect URL, absolute under PUBLIC_URL', () => {
    const id = '50faa543-9c57-4b51-8cd8-68dac9256e4b';
    expect(connectUrl(null, id, 'css_a+b')).toBe(
      '/#/connect/50faa5439c574b518cd868dac9256e4b?token=css_a%2Bb',
    );
    expect(connectUrl('https://caster.example', id, 't')).toBe(
      'https://caster.example/#/connect/50faa5439c574b518cd868dac9256e4b?token=t',
    );
  });
});

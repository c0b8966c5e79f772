import type {
  ClientSettings,
  KasmClientSettings,
  KasmImage,
  KasmOperationalStatus,
  SessionState,
  WorkspaceType,
} from '@caster/contracts';
import { toKasmId } from './kasm-ids';

/** Kasm's time format: `2020-09-08 18:47:04.565000`, UTC. */
export function kasmTime(date: Date): string;
export function kasmTime(date: Date | null | undefined): string | null;
export function kasmTime(date: Date | null | undefined): string | null {
  if (!date) return null;
  return `${date.toISOString().slice(0, 23).replace('T', ' ')}000`;
}

const KASM_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)$/;

/** Reads Kasm's format (taken as UTC) or any ISO-8601 date-time with a zone; null if neither. */
export function parseKasmTime(value: string): Date | null {
  const kasm = KASM_TIME.exec(value.trim());
  const text = kasm
    ? `${kasm[1]}T${kasm[2].replace(/(\.\d{3})\d+$/, '$1')}Z`
    : /^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim())
      ? value.trim()
      : null;
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

interface Operational {
  status: KasmOperationalStatus;
  progress: number;
  message: string;
}

/** Our session states in Kasm's words, with a progress figure and a message. */
export function operationalStatus(
  state: SessionState,
  failure?: { code: string | null; message: string | null },
): Operational {
  switch (state) {
    case 'staged':
      return { status: 'requested', progress: 0, message: 'Waiting to be assigned' };
    case 'provisioning':
      return { status: 'provisioning', progress: 25, message: 'Creating the session container' };
    case 'starting':
      return { status: 'starting', progress: 60, message: 'Waiting for the session to answer' };
    case 'running':
      return { status: 'running', progress: 100, message: 'Session is running' };
    case 'stopping':
      return { status: 'stopping', progress: 100, message: 'Stopping the session' };
    case 'stopped':
      return { status: 'stopped', progress: 100, message: failure?.message || 'Session has ended' };
    case 'failed':
      return {
        status: 'failed',
        progress: 100,
        message: failure?.message || failure?.code || 'The session could not start',
      };
  }
}

/** Our client-setting names ↔ Kasm's group-setting names. */
export const KASM_CLIENT_SETTINGS: Record<keyof ClientSettings, keyof KasmClientSettings> = {
  allowAudio: 'allow_kasm_audio',
  audioDefaultOn: 'kasm_audio_default_on',
  allowDownloads: 'allow_kasm_downloads',
  allowUploads: 'allow_kasm_uploads',
  allowClipboardDown: 'allow_kasm_clipboard_down',
  allowClipboardUp: 'allow_kasm_clipboard_up',
  allowMicrophone: 'allow_kasm_microphone',
  allowGamepads: 'allow_kasm_gamepad',
  allowSharing: 'allow_kasm_sharing',
  imeDefaultOn: 'kasm_ime_mode_default_on',
};

export function toKasmClientSettings(c: ClientSettings): KasmClientSettings {
  const out = {} as KasmClientSettings;
  for (const [ours, theirs] of Object.entries(KASM_CLIENT_SETTINGS) as [
    keyof ClientSettings,
    keyof KasmClientSettings,
  ][]) {
    out[theirs] = c[ours];
  }
  return out;
}

/** `base` with the Kasm-named settings that `input` holds; null when `input` names none. */
export function fromKasmClientSettings(
  input: Partial<KasmClientSettings>,
  base: ClientSettings,
): ClientSettings | null {
  let touched = false;
  const out = { ...base };
  for (const [ours, theirs] of Object.entries(KASM_CLIENT_SETTINGS) as [
    keyof ClientSettings,
    keyof KasmClientSettings,
  ][]) {
    const value = input[theirs];
    if (typeof value === 'boolean') {
      out[ours] = value;
      touched = true;
    }
  }
  return touched ? out : null;
}

const IMAGE_TYPES: Record<WorkspaceType, KasmImage['image_type']> = {
  container: 'Container',
  server: 'Server',
  pool: 'Server Pool',
  link: 'Link',
};

export const kasmImageType = (type: WorkspaceType): KasmImage['image_type'] => IMAGE_TYPES[type];

export interface WorkspaceLike {
  id: string;
  name: string;
  description: string;
  type: WorkspaceType;
  enabled: boolean;
  image: string | null;
  cores: number | null;
  memoryMb: number | null;
}

/** A workspace as a Kasm image (Kasm counts memory in bytes, 1 MB = 1,000,000). */
export function toKasmImage(w: WorkspaceLike): KasmImage {
  return {
    image_id: toKasmId(w.id),
    friendly_name: w.name,
    name: w.image,
    description: w.description,
    image_type: kasmImageType(w.type),
    enabled: w.enabled,
    available: w.enabled,
    cores: w.cores,
    memory: w.memoryMb === null ? null : w.memoryMb * 1_000_000,
  };
}

/** The connect URL an integrator hands to an end user (absolute when PUBLIC_URL is set). */
export function connectUrl(publicUrl: string | null, sessionId: string, token: string): string {
  return `${publicUrl ?? ''}/#/connect/${toKasmId(sessionId)}?token=${encodeURIComponent(token)}`;
}

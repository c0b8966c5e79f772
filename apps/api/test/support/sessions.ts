import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import type { CastConfig, SessionState, SessionView } from '@caster/contracts';
import type { TestApp } from './test-app';

/** CASTER_TEST_TINY_IMAGE: a locally built variant under another tag (the default is what build.sh makes). */
export const TINY_IMAGE = process.env['CASTER_TEST_TINY_IMAGE'] ?? 'caster/tiny-app:latest';
export const docker = new Docker();

export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

export async function createContainerWorkspace(
  t: TestApp,
  token: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await t
    .http()
    .post('/api/admin/workspaces')
    .set('Authorization', `Bearer ${token}`)
    .send({
      name: uniqueName('tiny'),
      type: 'container',
      image: TINY_IMAGE,
      cores: 0.5,
      memoryMb: 128,
      ...extra,
    });
  if (res.status !== 201) throw new Error(`workspace: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { id: string }).id;
}

/** A casting link for the workspace: anonymous visitors allowed unless `fields` say otherwise. */
export async function createCastLink(
  t: TestApp,
  token: string,
  workspaceId: string,
  fields: Record<string, unknown> = {},
): Promise<CastConfig> {
  const res = await t
    .http()
    .post('/api/admin/casting')
    .set('Authorization', `Bearer ${token}`)
    .send({ name: uniqueName('cast'), workspaceId, allowAnonymous: true, ...fields });
  if (res.status !== 201) throw new Error(`casting link: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CastConfig;
}

export async function waitForSession(
  t: TestApp,
  token: string,
  id: string,
  states: SessionState[],
  timeoutMs = 20_000,
): Promise<SessionView> {
  const deadline = Date.now() + timeoutMs;
  let last: SessionView | undefined;
  while (Date.now() < deadline) {
    const res = await t.http().get(`/api/sessions/${id}`).set('Authorization', `Bearer ${token}`);
    last = res.body as SessionView;
    if (states.includes(last.state)) return last;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`session ${id} did not reach ${states.join('/')}: ${JSON.stringify(last)}`);
}

/** Containers this test app's installation created (its id labels every container). */
export async function containersOf(installationId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`org.caster.instance=${installationId}`] } });
}

export async function removeContainersOf(installationId: string): Promise<void> {
  for (const c of await containersOf(installationId))
    await docker
      .getContainer(c.Id)
      .remove({ force: true })
      .catch(() => undefined);
}

export async function createUser(
  t: TestApp,
  adminToken: string,
  username = uniqueName('user'),
  password = 'user-password-1',
): Promise<{ id: string; token: string }> {
  const res = await t
    .http()
    .post('/api/admin/users')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ username, password, role: 'user' });
  if (res.status !== 201) throw new Error(`user: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: (res.body as { id: string }).id, token: await t.login(username, password) };
}

/** Sets group settings on All Users (the system group). */
export async function setAllUsersSettings(
  t: TestApp,
  adminToken: string,
  settings: Record<string, unknown>,
): Promise<void> {
  const groups = await t
    .http()
    .get('/api/admin/groups?pageSize=100')
    .set('Authorization', `Bearer ${adminToken}`);
  const all = (
    groups.body as { items: { id: string; system: boolean; settings: Record<string, unknown> }[] }
  ).items.find((g) => g.system);
  if (!all) throw new Error('no system group');
  const res = await t
    .http()
    .patch(`/api/admin/groups/${all.id}`)
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ settings: { ...all.settings, ...settings } });
  if (res.status !== 200) throw new Error(`group: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Every client setting on, as a staging pool or casting link states them. */
export const ALL_ON = {
  allowAudio: true,
  audioDefaultOn: true,
  allowDownloads: true,
  allowClipboardDown: true,
  allowClipboardUp: true,
  allowMicrophone: true,
  allowUploads: true,
  allowGamepads: true,
  allowSharing: true,
  imeDefaultOn: false,
};
/** The same, as the groups' settings that produce it (and no per-user session limit). */
export const GROUP_ALL_ON = {
  allow_kasm_audio: true,
  kasm_audio_default_on: true,
  allow_kasm_downloads: true,
  allow_kasm_clipboard_down: true,
  allow_kasm_clipboard_up: true,
  allow_kasm_microphone: true,
  allow_kasm_uploads: true,
  allow_kasm_gamepad: true,
  allow_kasm_sharing: true,
  kasm_ime_mode_default_on: false,
  max_kasms_per_user: 0,
};

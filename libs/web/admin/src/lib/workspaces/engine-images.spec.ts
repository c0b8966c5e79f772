import { type EngineImages } from '@caster/contracts';
import { describe, expect, it } from 'vitest';
import { allImages, imageAvailability, normaliseImage } from './engine-images';

const engine = (id: string, images: string[], reachable = true): EngineImages => ({
  id,
  name: id,
  kind: 'docker',
  reachable,
  images,
});

describe('engine images', () => {
  it('compares references as the engine lists them', () => {
    expect(normaliseImage('nginx')).toBe('nginx:latest');
    expect(normaliseImage('docker.io/library/nginx:1.27')).toBe('nginx:1.27');
    expect(normaliseImage('kasmweb/firefox')).toBe('kasmweb/firefox:latest');
    expect(normaliseImage('registry.local:5000/team/app')).toBe('registry.local:5000/team/app:latest');
    expect(normaliseImage('registry.local:5000/team/app:2')).toBe('registry.local:5000/team/app:2');
    expect(normaliseImage('app@sha256:abc')).toBe('app@sha256:abc');
  });

  it('says which engines hold an image, which lack it and which did not answer', () => {
    const engines = [
      engine('a', ['caster/desktop:latest', 'nginx:1']),
      engine('b', ['nginx:1']),
      engine('c', [], false),
    ];
    const got = imageAvailability('caster/desktop', engines);
    expect(got.present.map((e) => e.id)).toEqual(['a']);
    expect(got.missing.map((e) => e.id)).toEqual(['b']);
    expect(got.unknown.map((e) => e.id)).toEqual(['c']);
    expect(imageAvailability('caster/desktp:latest', engines).present).toEqual([]);
    expect(allImages(engines)).toEqual(['caster/desktop:latest', 'nginx:1']);
  });
});

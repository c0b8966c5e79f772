import { type EngineImages } from '@caster/contracts';

/**
 * An image reference as the engine lists it: Docker Hub's implicit prefixes dropped and the
 * implied `:latest` added (`nginx` → `nginx:latest`, `docker.io/library/nginx:1` → `nginx:1`).
 * A digest reference is kept as it is (engines list tags, so it matches none).
 */
export function normaliseImage(reference: string): string {
  let ref = reference.trim();
  if (ref.includes('@')) return ref;
  ref = ref.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  ref = ref.replace(/^library\//, '');
  const lastSlash = ref.lastIndexOf('/');
  if (!ref.slice(lastSlash + 1).includes(':')) ref = `${ref}:latest`;
  return ref;
}

export interface ImageAvailability {
  /** Engines that answered and hold the image. */
  present: EngineImages[];
  /** Engines that answered and do not. */
  missing: EngineImages[];
  /** Engines that did not answer: nothing is known. */
  unknown: EngineImages[];
}

export function imageAvailability(image: string, engines: readonly EngineImages[]): ImageAvailability {
  const wanted = normaliseImage(image);
  const result: ImageAvailability = { present: [], missing: [], unknown: [] };
  for (const engine of engines) {
    if (!engine.reachable) result.unknown.push(engine);
    else if (engine.images.some((i) => normaliseImage(i) === wanted)) result.present.push(engine);
    else result.missing.push(engine);
  }
  return result;
}

/** Every image on any engine, once each, sorted: the form's suggestions. */
export function allImages(engines: readonly EngineImages[]): string[] {
  return [...new Set(engines.flatMap((e) => e.images))].sort();
}

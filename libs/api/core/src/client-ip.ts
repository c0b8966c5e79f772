import { Injectable } from '@nestjs/common';
import { CidrSet } from '@caster/api/config';

/**
 * The proxies whose X-Forwarded-For is believed. Express asks `trusts(addr)` for each hop (wired
 * in main.ts as the `trust proxy` function), so a change made in the server settings applies to
 * the very next request. Requests from anyone else are judged by their socket address.
 */
@Injectable()
export class TrustedProxies {
  private set = new CidrSet([]);

  get ranges(): readonly string[] {
    return this.set.ranges;
  }

  replace(ranges: readonly string[]): void {
    this.set = new CidrSet(ranges);
  }

  trusts(address: string | undefined): boolean {
    return this.set.has(address);
  }
}

/** The 8 groups of an IPv6 address (an embedded IPv4 tail included), or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (i === pieces.length - 1 && piece.includes('.')) {
        const octets = piece.split('.').map(Number);
        if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) return null;
        out.push((octets[0] << 8) | octets[1], (octets[2] << 8) | octets[3]);
      } else {
        if (!/^[0-9a-f]{1,4}$/i.test(piece)) return null;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/**
 * What per-IP limits count by: an IPv4 address as it is (IPv4-mapped IPv6 included), an IPv6
 * address by its /64 — one subscriber usually holds a whole /64 and can rotate through it freely.
 */
export function rateLimitKey(ip: string | undefined | null): string {
  if (!ip) return 'unknown';
  const address = ip.trim().replace(/%.*$/, '');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return address;
  const groups = address.includes(':') ? ipv6Groups(address) : null;
  if (!groups) return address.toLowerCase();
  const isMapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (isMapped) return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

import { BlockList, isIP } from 'node:net';

export interface Cidr {
  family: 'ipv4' | 'ipv6';
  address: string;
  prefix: number;
  /** Canonical text form, e.g. "10.0.0.0/8" or "::1/128". */
  text: string;
}

/** Parses "10.0.0.0/8", "192.168.1.7" (= /32) or "fd00::/8"; null when it is neither. */
export function parseCidr(input: string): Cidr | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const [address, prefixText, ...rest] = input.trim().split('/');
  if (rest.length > 0 || !address) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  return { family, address, prefix, text: `${address}/${prefix}` };
}

/** "::ffff:10.1.2.3" (how Node reports IPv4 peers on a dual-stack socket) → "10.1.2.3". */
export function normalizeIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1] : ip;
}

/** A set of CIDR ranges that answers "is this address inside?" */
export class CidrSet {
  private readonly list = new BlockList();
  readonly ranges: readonly string[];

  constructor(ranges: readonly string[]) {
    const texts: string[] = [];
    for (const range of ranges) {
      const cidr = parseCidr(range);
      if (!cidr) throw new Error(`not a CIDR range: ${range}`);
      this.list.addSubnet(cidr.address, cidr.prefix, cidr.family);
      texts.push(cidr.text);
    }
    this.ranges = texts;
  }

  has(ip: string | undefined | null): boolean {
    if (!ip) return false;
    const addr = normalizeIp(ip);
    const version = isIP(addr);
    if (version === 0) return false;
    return this.list.check(addr, version === 4 ? 'ipv4' : 'ipv6');
  }
}

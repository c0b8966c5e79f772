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

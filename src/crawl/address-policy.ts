import dns from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Addresses a public site's scan must never reach: loopback, link-local (cloud metadata at
 * 169.254.169.254), private ranges, carrier-grade NAT, "this network" and their IPv6 kin.
 */
const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
NON_PUBLIC.addAddress('::', 'ipv6');
NON_PUBLIC.addAddress('::1', 'ipv6');
NON_PUBLIC.addSubnet('fc00::', 7, 'ipv6');
NON_PUBLIC.addSubnet('fe80::', 10, 'ipv6');

/** Is `ip` (a literal v4 or v6 address) loopback, link-local or private? */
export function isNonPublicAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return NON_PUBLIC.check(mapped[1], 'ipv4');
  const family = isIP(bare);
  if (family === 0) return false;
  return NON_PUBLIC.check(bare, family === 6 ? 'ipv6' : 'ipv4');
}

/** The message of a refused address (also the errorDetail the report shows). */
export const PRIVATE_ADDRESS_DETAIL = '内网地址，未核验';

/** An error a connect-time lookup raises for a refused address; classified as `private-address`. */
export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATEADDR';
  constructor(host: string, address: string) {
    super(`${PRIVATE_ADDRESS_DETAIL}：${host} → ${address}`);
  }
}

/**
 * A `net.connect` lookup that refuses non-public addresses. Checked on the resolved
 * address at connect time, so a name that resolves (or re-resolves) to an internal
 * address is refused too, not only literal IPs.
 */
export function publicOnlyLookup(): LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    dns.lookup(hostname, options, (err, address, family) => {
      if (err) return callback(err, address, family);
      const list = Array.isArray(address) ? (address as dns.LookupAddress[]) : [{ address: address as string, family }];
      const refused = list.find((a) => isNonPublicAddress(a.address));
      if (refused) return callback(new PrivateAddressError(hostname, refused.address), address, family);
      callback(null, address, family);
    });
  }) as LookupFunction;
}

/** Does the host (a name or a literal) resolve to a non-public address? Unresolvable: no. */
export async function resolvesToNonPublic(hostname: string): Promise<boolean> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return isNonPublicAddress(bare);
  try {
    const all = await dns.promises.lookup(bare, { all: true });
    return all.some((a) => isNonPublicAddress(a.address));
  } catch {
    return false;
  }
}

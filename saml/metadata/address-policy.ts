import { BlockList, isIP } from 'node:net';

/**
 * Addresses a metadata fetch must not reach unless SAML_ALLOW_PRIVATE_METADATA=true: loopback,
 * RFC 1918 private, link-local (cloud metadata services live at 169.254.169.254), CGNAT, unique
 * local, multicast, reserved and documentation ranges (RFC 6890).
 */
export function createAddressPolicy(): { isForbidden(address: string): boolean } {
  const blocked = new BlockList();
  for (const [net, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const) {
    blocked.addSubnet(net, prefix, 'ipv4');
  }
  for (const [net, prefix] of [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b::', 96],
    ['100::', 64],
    ['2001:db8::', 32],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const) {
    blocked.addSubnet(net, prefix, 'ipv6');
  }
  return {
    isForbidden(address: string): boolean {
      const family = isIP(address);
      if (family === 4) return blocked.check(address, 'ipv4');
      if (family !== 6) return true;
      // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) reaches the IPv4 host it embeds.
      const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
      return mapped ? blocked.check(mapped, 'ipv4') : blocked.check(address, 'ipv6');
    },
  };
}

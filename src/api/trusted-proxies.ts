// Which reverse proxies are trusted, and the client address used as a rate-limit key.
// DOSSIER_TRUSTED_PROXIES is an explicit list of addresses and CIDR ranges
// (`10.0.0.0/8,127.0.0.1,::1`); only hops from those addresses are honoured: the client IP is the
// first untrusted address from the right of X-Forwarded-For (Fastify's trustProxy with that list).
// The older DOSSIER_TRUST_PROXY=1 is deprecated and means "trust loopback only".
import ipaddr from 'ipaddr.js';
import { DossierError, resolveSetting, settings } from '../model/index.js';

/** The loopback ranges: what `DOSSIER_TRUST_PROXY=1` (deprecated) and `trustProxy: true` trust. */
export const loopbackProxies: readonly string[] = ['127.0.0.0/8', '::1/128'];

/** Parses a comma- or space-separated list of IP addresses and CIDR ranges; throws BAD_REQUEST naming a bad entry. */
export function parseTrustedProxies(list: string): string[] {
  const entries = list
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries
    .map((entry) => {
      if (entry === 'loopback') return [...loopbackProxies];
      if (ipaddr.isValidCIDR(entry)) {
        const [address, bits] = ipaddr.parseCIDR(entry);
        return [`${address.toString()}/${bits}`];
      }
      if (ipaddr.isValid(entry)) return [ipaddr.process(entry).toString()];
      throw new DossierError('BAD_REQUEST', `DOSSIER_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`, {
        expected: 'a comma-separated list such as 10.0.0.0/8,127.0.0.1,::1',
      });
    })
    .flat();
}

/**
 * The trusted proxies chosen by the option (an explicit list, or true for loopback) or the
 * environment (DOSSIER_TRUSTED_PROXIES, else DOSSIER_TRUST_PROXY=1 for loopback); [] trusts none.
 */
export function trustedProxiesOf(
  option: boolean | readonly string[] | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  if (Array.isArray(option)) return parseTrustedProxies(option.join(','));
  if (option === true) return [...loopbackProxies];
  if (option === false) return [];
  const list = env[settings.trustedProxies.env]?.trim();
  if (list) return parseTrustedProxies(list);
  if (resolveSetting('trustProxy', env).value) return [...loopbackProxies];
  return [];
}

/**
 * The rate-limit key of a client address: IPv4-mapped IPv6 as IPv4, other IPv6 addresses by
 * their /64 (one host usually holds a whole /64), anything unparsable as itself (bounded).
 */
export function clientKeyOf(ip: string): string {
  if (!ipaddr.isValid(ip)) return `raw:${ip.slice(0, 64)}`;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(':')}::/64`;
}

/**
 * `undiciTransport({ noProxy })`: which servers are reached directly rather than through the proxy,
 * read from a value in the `NO_PROXY` syntax. Internal to `modelwire/undici`.
 * @module
 */
import { BlockList, isIP } from 'node:net';
import type { InvalidRequestError } from '../core/errors.js';
import { optionRefused } from './errors.js';

/** A host entry: the host as the URL parser writes it, whether the host itself matches or only its subdomains, and its port (0: any). */
interface HostEntry {
  host: string;
  apex: boolean;
  port: number;
}

/** A host as the URL parser writes it (lower case, punycode, IPv6 in brackets), without the trailing dot of a fully qualified name. */
const hostOf = (url: URL): string => url.hostname.replace(/\.$/, '');

/** An IP address's family for `BlockList`, or undefined for a host name. */
function family(ip: string): 'ipv4' | 'ipv6' | undefined {
  const version = isIP(ip);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

const refused = (what: string): InvalidRequestError => optionRefused('noProxy', what);

/**
 * Reads a `noProxy` value (the `NO_PROXY` syntax: entries separated by commas or white space) into
 * a test of an origin (`http://host:port`): true when its requests go direct. `undefined` when no
 * entry (nothing goes direct). Entries: `*` (every host); `example.com` or `.example.com` (the host
 * and its subdomains); `*.example.com` (its subdomains only); any of these or an IP address with
 * `:port` (that port only, a URL without one being on 80 or 443); an IP address (`127.0.0.1`, `::1`,
 * `[::1]:8443`); a CIDR range (`10.0.0.0/8`, `fd00::/8`). Hosts are compared as written in the URL,
 * after the URL parser's normalisation (no DNS: `localhost` is not `127.0.0.1`). Throws
 * {@link InvalidRequestError} (`path: 'noProxy'`) for anything else, quoting the entry unless it
 * holds an `@` (user info).
 *
 * @example
 * ```ts
 * const direct = noProxyMatcher('localhost,127.0.0.1,.svc.cluster.local,10.0.0.0/8');
 * direct?.('http://kserve.models.svc.cluster.local'); // true
 * ```
 */
export function noProxyMatcher(value: unknown): ((origin: string) => boolean) | undefined {
  if (value == null) return undefined;
  if (typeof value !== 'string') throw refused('noProxy must be a string in the NO_PROXY syntax (hosts separated by commas)');
  const hosts: HostEntry[] = [];
  let ranges: BlockList | undefined;
  let all = false;
  const entries = value.split(/[\s,]+/).filter(Boolean);
  for (const [i, text] of entries.entries()) {
    const bad = (): InvalidRequestError =>
      refused(
        `noProxy entry ${i + 1} ${text.includes('@') ? '(value not shown)' : JSON.stringify(text)} is not a host, .domain, *.domain, host:port, IP address, CIDR range or *`,
      );
    if (text === '*') {
      all = true;
      continue;
    }
    const cidr = /^([^/]+)\/(\d{1,3})$/.exec(text);
    if (cidr) {
      const kind = family(cidr[1]!);
      if (!kind || +cidr[2]! > (kind === 'ipv4' ? 32 : 128)) throw bad();
      (ranges ??= new BlockList()).addSubnet(cidr[1]!, +cidr[2]!, kind);
      continue;
    }
    const sub = text.startsWith('*.');
    let rest = sub ? text.slice(2) : text.replace(/^\./, '');
    let port = 0;
    if (family(rest) === 'ipv6') rest = `[${rest}]`;
    else {
      const withPort = /^(.+):(\d{1,5})$/.exec(rest);
      if (withPort) {
        rest = withPort[1]!;
        port = +withPort[2]!;
        if (port < 1 || port > 65535) throw bad();
      }
    }
    // a host name or a bracketed IPv6 address, with nothing the URL parser would read as more than a host
    if (!/^(?:\[[\d.:a-f]+\]|[^\s/?#@\\:[\]*%]+)$/i.test(rest) || !URL.canParse(`http://${rest}`)) throw bad();
    hosts.push({ host: hostOf(new URL(`http://${rest}`)), apex: !sub, port });
  }
  if (all) return () => true;
  if (hosts.length === 0 && !ranges) return undefined;
  const matches = (origin: string): boolean => {
    const url = new URL(origin);
    const host = hostOf(url);
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const ip = host.replace(/^\[(.*)\]$/, '$1');
    const kind = ranges && family(ip);
    return (kind !== undefined && ranges!.check(ip, kind)) || hosts.some((e) => (!e.port || e.port === port) && ((e.apex && host === e.host) || host.endsWith(`.${e.host}`)));
  };
  // a call's origin is one of a few: parsing it (about 1.5 µs) and checking a range (BlockList, about
  // 9 µs) once per origin rather than per request; bounded, for a process that calls many servers
  const seen = new Map<string, boolean>();
  return (origin) => {
    let direct = seen.get(origin);
    if (direct === undefined) {
      if (seen.size >= 256) seen.clear();
      seen.set(origin, (direct = matches(origin)));
    }
    return direct;
  };
}

import type { LineCounter, Node as YamlNode } from 'yaml';
import { givenClause } from './command';
import { lineIn, type ReadContext, type Span } from './context';

// Required on use: the YAML parser loads only for a run whose guest text writes YAML.
const yaml = () => require('yaml') as typeof import('yaml');

/** A file the guest writes: its path, content and where the content sits in the decoded text. */
export interface FileWrite {
  path: string;
  content: string;
  span: Span;
  /** Who writes it, for sentences: "cloud-init", "the script". */
  actor: string;
  append: boolean;
  /** The line is changed in place (`sed -i`), not written. */
  edit?: boolean;
  /** The variables read as literals in the command that writes it, as the sentence shows them: `$CONF = '/etc/waagent.conf'`. */
  given?: string;
}

const AGENT_DISABLING: Record<string, RegExp> = {
  'extensions.enabled': /^n/i,
  'provisioning.agent': /^disabled$/i,
};

/** Reads the content of a file the guest writes, by its path; files that matter to no fact are ignored. */
export function readFileWrite(ctx: ReadContext, write: FileWrite): void {
  const path = write.path.trim();
  if (ctx.isUnknownPart(path)) return;
  if (path === '/etc/waagent.conf') readKeyValues(write, (key, value, line, raw) => waagentLine(ctx, write, key, value, line, raw));
  else if (path === '/etc/environment') readKeyValues(write, (key, value, line, raw) => environmentLine(ctx, write, key, value, line, raw));
  else if (/^\/etc\/netplan\/[^/]+\.ya?ml$/.test(path)) readNetworkYaml(ctx, write);
  else if (/^\/etc\/cloud\/cloud\.cfg(\.d\/[^/]+\.cfg)?$/.test(path)) readNetworkYaml(ctx, write);
  else if (/^\/etc\/sysconfig\/network(-scripts)?\/ifcfg-(?!lo$)[^/]+$/.test(path)) {
    readKeyValues(write, (key, value, line, raw) => {
      if (key.toUpperCase() === 'BOOTPROTO' && /^(static|none)$/i.test(value)) staticIp(ctx, write, line, raw);
    });
  } else if (/^\/etc\/network\/interfaces(\.d\/[^/]+)?$/.test(path)) {
    eachLine(write, (line, raw) => {
      const iface = /^\s*iface\s+(\S+)\s+inet6?\s+static\b/.exec(raw);
      if (iface && iface[1] !== 'lo') staticIp(ctx, write, line, raw);
    });
  } else if (/^\/etc\/NetworkManager\/system-connections\/[^/]+$/.test(path)) {
    let section = '';
    eachLine(write, (line, raw) => {
      const header = /^\s*\[([^\]]+)\]/.exec(raw);
      if (header) section = header[1]!.toLowerCase();
      else if (section === 'ipv4' && /^\s*method\s*=\s*manual\s*$/i.test(raw)) staticIp(ctx, write, line, raw);
    });
  }
}

function writes(write: FileWrite): string {
  return write.edit ? 'sets' : write.append ? 'appends' : 'writes';
}

function eachLine(write: FileWrite, visit: (line: number, raw: string) => void): void {
  write.content.split(/\r?\n/).forEach((raw, index) => {
    if (!/^\s*#/.test(raw)) visit(lineIn(write.span, index + 1), raw);
  });
}

function readKeyValues(write: FileWrite, visit: (key: string, value: string, line: number, raw: string) => void): void {
  eachLine(write, (line, raw) => {
    const pair = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$/.exec(raw);
    if (pair) visit(pair[1]!, unquote(pair[2]!), line, raw);
  });
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}

function staticIp(ctx: ReadContext, write: FileWrite, line: number, raw: string): void {
  const quote = ctx.quote(raw);
  ctx.add({ fact: 'staticIp', sentence: `${write.actor} ${writes(write)} \`${quote}\` ${write.edit ? 'in' : 'to'} ${write.path}${givenClause(ctx, write.given)}`, quote, line, guestFile: write.path });
}

function waagentLine(ctx: ReadContext, write: FileWrite, key: string, value: string, line: number, raw: string): void {
  const quote = ctx.quote(raw);
  const sentence = `${write.actor} ${writes(write)} \`${quote}\` ${write.edit ? 'in' : 'to'} /etc/waagent.conf${givenClause(ctx, write.given)}`;
  const known = ctx.isUnknownPart(value) ? null : value;
  ctx.add({ fact: 'waagent', sentence, quote, line, guestFile: write.path, waagent: { key, value: known } });
  if (known === null) return;
  const lower = key.toLowerCase();
  if (AGENT_DISABLING[lower]?.test(known)) ctx.add({ fact: 'agentDisabled', sentence, quote, line, guestFile: write.path, setting: { key: lower, disabling: AGENT_DISABLING[lower]! } });
  if (lower === 'autoupdate.enabled' && /^n/i.test(known)) ctx.add({ fact: 'agentAutoUpdateDisabled', sentence, quote, line, guestFile: write.path, setting: { key: lower, disabling: /^n/i } });
  if (lower === 'httpproxy.host' && known !== '') {
    const port = /^\s*HttpProxy\.Port\s*=\s*(\d{1,5})\s*$/im.exec(write.content);
    ctx.add({ fact: 'proxy', sentence, quote, line, guestFile: write.path, proxy: { scope: 'waagent', host: known, port: port ? Number(port[1]) : null } });
  }
}

function environmentLine(ctx: ReadContext, write: FileWrite, key: string, value: string, line: number, raw: string): void {
  if (!/^https?_proxy$/i.test(key) || value === '') return;
  const quote = ctx.quote(raw);
  const target = proxyTarget(ctx, value);
  ctx.add({
    fact: 'proxy',
    sentence: `${write.actor} ${writes(write)} \`${quote}\` to /etc/environment${givenClause(ctx, write.given)}`,
    quote,
    line,
    guestFile: write.path,
    proxy: { scope: 'environment', ...target },
  });
}

/** Host and port of a proxy written as `http://host:port/`, `host:port` or `host`; unknown parts give null. */
export function proxyTarget(ctx: ReadContext, value: string): { host: string | null; port: number | null } {
  const match = /^(?:[a-z]+:\/\/)?(?:[^@/]*@)?(\[[^\]]+\]|[^:/\s;]+)(?::(\d{1,5}))?/i.exec(value.trim());
  if (!match) return { host: null, port: null };
  const host = ctx.isUnknownPart(match[1]!) ? null : match[1]!;
  return { host, port: match[2] ? Number(match[2]) : null };
}

/** netplan or cloud-init network configuration (v1 and v2) in a YAML file the guest writes. */
function readNetworkYaml(ctx: ReadContext, write: FileWrite): void {
  const { LineCounter, parseDocument } = yaml();
  const counter = new LineCounter();
  const doc = parseDocument(write.content, { lineCounter: counter, uniqueKeys: false });
  if (doc.errors.length > 0) return;
  // netplan and cloud-init network config both sit under `network:` (v2 `ethernets`, v1 `config`).
  const network = doc.get('network', true);
  readNetworkConfig(network as YamlNode | undefined, counter, write.content, (line, raw) => {
    staticIp(ctx, write, lineIn(write.span, line), raw);
  });
}

/**
 * A network configuration (netplan / cloud-init v2 `ethernets`, cloud-init v1 `config` subnets): reports each
 * `dhcp4: false` and each static address of an interface that does not use DHCP.
 */
export function readNetworkConfig(
  network: YamlNode | undefined,
  counter: LineCounter,
  source: string,
  report: (line: number, raw: string) => void,
): void {
  const { isMap, isScalar, isSeq } = yaml();
  if (!isMap(network)) return;
  const lineOf = (node: YamlNode | null | undefined) => (node?.range ? counter.linePos(node.range[0]).line : 1);
  const rawLine = (line: number) => source.split(/\r?\n/)[line - 1] ?? '';
  for (const groupName of ['ethernets', 'bonds', 'vlans', 'bridges']) {
    const group = network.get(groupName, true);
    if (!isMap(group)) continue;
    for (const pair of group.items) {
      const iface = pair.value;
      if (!isMap(iface)) continue;
      const dhcp = iface.get('dhcp4', true);
      const dhcpValue = isScalar(dhcp) ? String(dhcp.value).toLowerCase() : undefined;
      if (dhcpValue === 'false' || dhcpValue === 'no') {
        report(lineOf(dhcp), rawLine(lineOf(dhcp)));
        continue;
      }
      const addresses = iface.get('addresses', true);
      if (dhcpValue !== 'true' && dhcpValue !== 'yes' && isSeq(addresses) && addresses.items.length > 0) {
        report(lineOf(addresses.items[0] as YamlNode), rawLine(lineOf(addresses.items[0] as YamlNode)));
      }
    }
  }
  const config = network.get('config', true);
  if (isSeq(config)) {
    for (const entry of config.items) {
      if (!isMap(entry)) continue;
      const subnets = entry.get('subnets', true);
      if (!isSeq(subnets)) continue;
      for (const subnet of subnets.items) {
        if (!isMap(subnet)) continue;
        const type = subnet.get('type', true);
        if (isScalar(type) && /^static6?$/i.test(String(type.value))) report(lineOf(type), rawLine(lineOf(type)));
      }
    }
  }
}

import { baseName, coversWireServerPort, namesWireServer, psParameter, psPositional, runsSentence, siteLine, type Command, type CommandSite } from './command';
import type { GuestFactKey, ServiceAction } from './context';
import { decodeUtf16Base64 } from './decode';
import { proxyTarget } from './files';

const AGENT_SERVICE = /^(WindowsAzureGuestAgent|RdAgent)$/i;
const PROVIDER_SERVICE = /^iaasvmprovider$/i;
const SERVICE_KEY = /^(?:HKLM:?|HKEY_LOCAL_MACHINE):?\\SYSTEM\\(?:CurrentControlSet|ControlSet00\d)\\Services\\([^\\]+)\\?$/i;
const BCDR_KEY = /^(HKLM:?|HKEY_LOCAL_MACHINE):?\\SOFTWARE\\Microsoft\\BCDRAGENT\\?$/i;
const LOCALSYSTEM_INTERNET_SETTINGS = /^(HKU:?|HKEY_USERS):?\\S-1-5-18\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\?$/i;

/** Where nested text goes: PowerShell (`-Command`, `-EncodedCommand`) or cmd (`cmd /c`). */
export interface Nested {
  /** `line`: the absolute line of the command that holds the text. */
  powershell(text: string, line: number): void;
  cmd(text: string, line: number): void;
}

/**
 * The Windows commands that matter to backup (DESIGN §5.2), from PowerShell cmdlets and native commands alike
 * (`sc.exe`, `netsh`, `reg`, `net`), read from their names and arguments.
 */
export function interpretWindowsCommand(site: CommandSite, command: Command, nested: Nested, piped: readonly string[] = []): void {
  const name = baseName(command.name);
  const args = command.args;
  const lower = args.map((a) => a.toLowerCase());
  const quote = site.ctx.quote(command.text);
  // A variable read as its literal is shown with it: "runs `Stop-Service $svc` with $svc = 'WindowsAzureGuestAgent'".
  const evidence: Evidence = { sentence: runsSentence(site, command, quote), quote, line: siteLine(site, command) };
  const hit = (fact: GuestFactKey | 'serviceRestored', service?: { name: 'agent' | 'provider'; action: ServiceAction }) =>
    site.ctx.add({ fact, ...evidence, guestFile: null, ...(service ? { service } : {}) });
  const services = (values: readonly string[]) => values.flatMap((v) => v.split(',')).map((v) => v.trim().replace(/^["']|["']$/g, ''));
  // A service command's effect on the agent and on the snapshot provider: a stop or disable is a fact, a start or
  // enable a restoration that undoes an earlier one (index.ts).
  const serviceHits = (names: readonly string[], action: ServiceAction, only?: 'agent' | 'provider') => {
    const restores = action === 'start' || action === 'enable';
    if (only !== 'provider' && names.some((n) => AGENT_SERVICE.test(n))) hit(restores ? 'serviceRestored' : 'agentDisabled', { name: 'agent', action });
    if (only !== 'agent' && names.some((n) => PROVIDER_SERVICE.test(n))) hit(restores ? 'serviceRestored' : 'iaasVmProviderDisabled', { name: 'provider', action });
  };

  switch (name) {
    case 'powershell':
    case 'pwsh': {
      const encoded = psParameter(args, ['EncodedCommand', 'enc', 'e', 'ec']);
      if (encoded !== undefined) {
        const text = decodeUtf16Base64(encoded);
        if (text !== undefined) nested.powershell(text, evidence.line);
        return;
      }
      const index = lower.findIndex((a) => a === '-command' || a === '-c');
      if (index >= 0) nested.powershell(args.slice(index + 1).join(' '), evidence.line);
      return;
    }
    case 'cmd': {
      const index = lower.findIndex((a) => a === '/c' || a === '/k');
      if (index >= 0) nested.cmd(args.slice(index + 1).join(' '), evidence.line);
      return;
    }
    case 'stop-service':
    case 'spsv':
    case 'start-service':
    case 'sasv':
    case 'restart-service': {
      const names = services([psParameter(args, ['Name', 'DisplayName']) ?? psPositional(args, ['Force', 'NoWait', 'PassThru'])[0] ?? '', ...piped]);
      serviceHits(names, name === 'stop-service' || name === 'spsv' ? 'stop' : 'start');
      return;
    }
    case 'set-service': {
      const names = services([psParameter(args, ['Name']) ?? psPositional(args, ['Force', 'PassThru'])[0] ?? '', ...piped]);
      const startup = psParameter(args, ['StartupType'])?.toLowerCase();
      const status = psParameter(args, ['Status'])?.toLowerCase();
      if (startup === 'disabled') serviceHits(names, 'disable');
      // Manual start disables the snapshot provider (it must start with Windows), not the agent.
      else if (startup === 'manual') serviceHits(names, 'disable', 'provider');
      else if (startup === 'automatic' || startup === 'automaticdelayedstart') serviceHits(names, 'enable');
      if (status === 'stopped') serviceHits(names, 'stop');
      else if (status === 'running') serviceHits(names, 'start');
      return;
    }
    case 'sc': {
      // `sc config <service> start= disabled` (also written `start=disabled`); `sc stop|delete <service>`.
      const [verb, service] = lower;
      if (!verb || !service) return;
      const start = lower.join(' ').match(/\bstart=\s*(\w+)/)?.[1];
      if (verb === 'stop') serviceHits([service], 'stop');
      else if (verb === 'delete') serviceHits([service], 'remove');
      else if (verb === 'start') serviceHits([service], 'start');
      else if (verb === 'config' && start === 'disabled') serviceHits([service], 'disable');
      // Demand start disables the snapshot provider (it must start with Windows), not the agent.
      else if (verb === 'config' && start === 'demand') serviceHits([service], 'disable', 'provider');
      else if (verb === 'config' && (start === 'auto' || start === 'delayed-auto')) serviceHits([service], 'enable');
      return;
    }
    case 'net': {
      if (lower[0] === 'stop' && lower[1]) serviceHits([lower[1]], 'stop');
      else if (lower[0] === 'start' && lower[1]) serviceHits([lower[1]], 'start');
      return;
    }
    case 'new-netipaddress':
      // An address on a loopback adapter (a load balancer's frontend for direct server return) leaves the NIC on DHCP.
      if (/loopback/i.test(psParameter(args, ['InterfaceAlias']) ?? '')) return;
      return hit('staticIp');
    case 'set-netipinterface':
      if (psParameter(args, ['Dhcp'])?.toLowerCase() === 'disabled') hit('staticIp');
      return;
    case 'invoke-cimmethod':
    case 'invoke-wmimethod':
      if (/^enablestatic$/i.test(psParameter(args, ['MethodName', 'Name']) ?? '')) hit('staticIp');
      return;
    case 'netsh':
      return netsh(site, lower, args, hit, evidence);
    case 'new-netfirewallrule':
    case 'set-netfirewallrule': {
      const remote = psParameter(args, ['RemoteAddress']);
      if (!remote || site.ctx.isUnknownPart(remote) || !namesWireServer(remote) || psParameter(args, ['Action'])?.toLowerCase() !== 'block') return;
      // New rules are inbound unless told otherwise; a rule being changed keeps a direction not known here.
      const rule = { direction: psParameter(args, ['Direction']), remotePort: psParameter(args, ['RemotePort']), program: psParameter(args, ['Program']), service: psParameter(args, ['Service']) };
      if (blocksAgentTraffic(rule)) hit('wireserverBlocked');
      return;
    }
    case 'reg': {
      if (lower[0] !== 'add' || !args[1]) return;
      const valueName = regOption(args, '/v');
      const data = regOption(args, '/d');
      return registryWrite(site, args[1], valueName, data, evidence);
    }
    case 'new-itemproperty':
    case 'set-itemproperty': {
      const [path, valueName, data] = [
        psParameter(args, ['Path', 'LiteralPath']),
        psParameter(args, ['Name']),
        psParameter(args, ['Value']),
      ];
      const rest = psPositional(args, ['Force', 'PassThru']);
      return registryWrite(site, path ?? rest[0], valueName ?? rest[1], data ?? rest[2], evidence);
    }
  }
}

function regOption(args: readonly string[], option: string): string | undefined {
  const index = args.findIndex((a) => a.toLowerCase() === option);
  return index >= 0 ? args[index + 1] : undefined;
}

/** What a hit quotes and where: the sentence, the quoted command, its line. */
interface Evidence {
  sentence: string;
  quote: string;
  line: number;
}

function registryWrite(site: CommandSite, rawPath: string | undefined, valueName: string | undefined, data: string | undefined, evidence: Evidence): void {
  if (!rawPath || !valueName || site.ctx.isUnknownPart(rawPath) || site.ctx.isUnknownPart(valueName)) return;
  const path = rawPath.replace(/^Registry::/i, '').replace(/^Microsoft\.PowerShell\.Core\\Registry::/i, '');
  if (BCDR_KEY.test(path) && /^USEVSSCOPYBACKUP$/i.test(valueName)) {
    if (data !== undefined && /^true$/i.test(data.replace(/^["']|["']$/g, ''))) site.ctx.add({ fact: 'vssCopyBackup', ...evidence, guestFile: null });
    return;
  }
  // A service's start type in the registry: 4 disabled, 2 automatic (3, demand, disables only the snapshot provider).
  const service = SERVICE_KEY.exec(path)?.[1];
  if (service && /^Start$/i.test(valueName) && data !== undefined && !site.ctx.isUnknownPart(data)) {
    const start = Number(data.replace(/^["']|["']$/g, ''));
    const name = AGENT_SERVICE.test(service) ? 'agent' : PROVIDER_SERVICE.test(service) ? 'provider' : undefined;
    const fact = name === 'agent' ? 'agentDisabled' : 'iaasVmProviderDisabled';
    if (name && (start === 4 || (start === 3 && name === 'provider'))) site.ctx.add({ fact, ...evidence, guestFile: null, service: { name, action: 'disable' } });
    else if (name && start === 2) site.ctx.add({ fact: 'serviceRestored', ...evidence, guestFile: null, service: { name, action: 'enable' } });
    return;
  }
  if (LOCALSYSTEM_INTERNET_SETTINGS.test(path) && /^ProxyServer$/i.test(valueName) && data !== undefined) {
    const target = site.ctx.isUnknownPart(data) ? { host: null, port: null } : proxyTarget(site.ctx, data.replace(/^(https?=)/i, ''));
    site.ctx.add({ fact: 'proxy', ...evidence, guestFile: null, proxy: { scope: 'localsystem', ...target } });
  }
}

function netsh(site: CommandSite, lower: string[], args: readonly string[], hit: (fact: GuestFactKey) => void, evidence: Evidence): void {
  const words = lower.join(' ');
  if (/^interface\s+(ip|ipv4)\s+set\s+address\b/.test(words)) {
    if (lower.includes('static') || lower.some((w) => w === 'source=static')) hit('staticIp');
    return;
  }
  if (/^winhttp\s+set\s+proxy\b/.test(words)) {
    const server = args.find((a) => /^proxy-server=/i.test(a))?.replace(/^proxy-server=/i, '') ?? args[3];
    if (!server) return;
    const target = site.ctx.isUnknownPart(server) ? { host: null, port: null } : proxyTarget(site.ctx, server.replace(/^["']|["']$/g, '').replace(/^https?=/i, ''));
    site.ctx.add({ fact: 'proxy', ...evidence, guestFile: null, proxy: { scope: 'winhttp', ...target } });
    return;
  }
  if (/^advfirewall\s+firewall\s+(add|set)\s+rule\b/.test(words)) {
    const option = (key: string) => lower.find((w) => w.startsWith(`${key}=`))?.slice(key.length + 1);
    const remote = option('remoteip');
    if (!remote || site.ctx.isUnknownPart(remote) || !namesWireServer(remote) || option('action') !== 'block') return;
    const direction = option('dir');
    const rule = { direction: direction === 'out' ? 'outbound' : direction, remotePort: option('remoteport'), program: option('program'), service: option('service') };
    if (blocksAgentTraffic(rule)) hit('wireserverBlocked');
  }
}

/**
 * Whether a Windows Firewall block rule for the WireServer address stops the agent's own traffic: an outbound rule
 * (the firewall is stateful: an inbound rule leaves the agent's connections and their replies alone) for any
 * program and service, on any remote port or one of the agent's (80, 32526).
 */
function blocksAgentTraffic(rule: { direction?: string | undefined; remotePort?: string | undefined; program?: string | undefined; service?: string | undefined }): boolean {
  if (rule.direction?.toLowerCase() !== 'outbound') return false;
  const any = (value: string | undefined) => value === undefined || /^any$/i.test(value.replace(/^["']|["']$/g, ''));
  if (!any(rule.program) || !any(rule.service)) return false;
  return any(rule.remotePort) || coversWireServerPort(rule.remotePort!, '-');
}

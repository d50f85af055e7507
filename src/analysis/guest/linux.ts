import { baseName, coversWireServerPort, namesWireServer, optionValue, positional, runsSentence, siteLine, WIRESERVER, withoutSudo, type Command, type CommandSite } from './command';
import type { GuestFactKey, ServiceAction } from './context';

const AGENT_UNIT = /^(walinuxagent|waagent)(\.service)?$/i;
const AGENT_PACKAGE = /^(walinuxagent|waagent)([=:-][\w.:~+-]*)?$/i;
const AGENT_SOURCE = /github\.com[/:]Azure\/WALinuxAgent|^git\+.*WALinuxAgent|^(azure-)?walinuxagent([=<>~!].*)?$/i;

/**
 * Whether an iptables rule applies to the agent's traffic to the WireServer: no owner match other than root's
 * (`-m owner ! --uid-owner 0` or `--uid-owner 1000` leave root alone), and no port match that leaves out 80 and 32526.
 */
function reachesAgentTraffic(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    if (!/^--(uid|gid)-owner$/.test(args[i]!)) continue;
    const negated = args[i - 1] === '!';
    if (negated || args[i] !== '--uid-owner' || !/^(0|root)$/.test(args[i + 1] ?? '')) return false;
  }
  const at = args.findIndex((a) => /^--(dports?|destination-ports?)$/.test(a));
  const ports = at >= 0 ? args[at + 1] : undefined;
  // No port match, or a negated one (`! --dport 443`), takes in the agent's ports.
  if (ports === undefined || args[at - 1] === '!') return true;
  return coversWireServerPort(ports, ':');
}

/**
 * The Linux commands that matter to backup (DESIGN §5.2), each read from its name and arguments. `bash -c` and
 * friends hand their script back through `nested`. Returns whether the command was recognised as nesting.
 */
export function interpretLinuxCommand(site: CommandSite, raw: Command, nested: (text: string) => void): void {
  const command = withoutSudo(raw);
  const name = baseName(command.name);
  const args = command.args;
  const hit = (fact: GuestFactKey | 'serviceRestored' | 'wireserverAllowed', action?: ServiceAction) => {
    const quote = site.ctx.quote(command.text);
    site.ctx.add({ fact, sentence: runsSentence(site, command, quote), quote, line: siteLine(site, command), guestFile: null, ...(action ? { service: { name: 'agent', action } } : {}) });
  };
  const known = (values: readonly string[]) => values.every((v) => !site.ctx.isUnknownPart(v));

  if (/^(ba|da|z|)sh$/.test(name)) {
    const script = optionValue(args, ['-c']);
    if (script !== undefined) nested(script);
    return;
  }
  if (name === 'systemctl') {
    const [verb, ...units] = positional(args);
    if (!verb || !units.some((u) => AGENT_UNIT.test(u))) return;
    if (/^(stop|kill)$/.test(verb)) hit('agentDisabled', 'stop');
    else if (/^(disable|mask)$/.test(verb)) hit('agentDisabled', 'disable');
    else if (/^(start|restart|try-restart|reload-or-restart)$/.test(verb)) hit('serviceRestored', 'start');
    else if (/^(enable|unmask|reenable)$/.test(verb)) hit('serviceRestored', 'enable');
    return;
  }
  if (name === 'service') {
    const [unit, verb] = positional(args);
    if (!unit || !AGENT_UNIT.test(unit)) return;
    if (verb === 'stop') hit('agentDisabled', 'stop');
    else if (verb === 'start' || verb === 'restart') hit('serviceRestored', 'start');
    return;
  }
  if (name === 'update-rc.d' || name === 'chkconfig') {
    const [unit, verb] = positional(args);
    if (!unit || !AGENT_UNIT.test(unit) || !verb) return;
    if (/^(disable|remove|off)$/.test(verb)) hit('agentDisabled', 'disable');
    else if (/^(enable|defaults|on)$/.test(verb)) hit('serviceRestored', 'enable');
    return;
  }
  if (/^(apt|apt-get|yum|dnf|zypper|tdnf|rpm|dpkg)$/.test(name)) {
    const removes = args.some((a) => /^(remove|purge|erase|rm|autoremove|-e|--erase|-r|--remove|-P|--purge)$/.test(a));
    const installs = args.some((a) => /^(install|in|-i|--install)$/.test(a));
    if (!positional(args).some((p) => AGENT_PACKAGE.test(p))) return;
    if (removes && !installs) hit('agentDisabled', 'remove');
    else if (installs && !removes) hit('serviceRestored', 'install');
    return;
  }
  if (name === 'git') {
    const [verb, ...rest] = positional(args);
    if (verb === 'clone' && rest.some((url) => AGENT_SOURCE.test(url))) hit('agentFromSource');
    return;
  }
  if (/^pip[0-9.]*$/.test(name) || (/^python[0-9.]*$/.test(name) && optionValue(args, ['-m'])?.startsWith('pip'))) {
    const rest = /^pip/.test(name) ? args : args.slice(args.indexOf('-m') + 2);
    if (positional(rest)[0] === 'install' && positional(rest).slice(1).some((p) => AGENT_SOURCE.test(p))) hit('agentFromSource');
    return;
  }
  if (name === 'wget' || name === 'curl') {
    if (positional(args).some((url) => /github\.com\/Azure\/WALinuxAgent\/(archive|releases|tarball|zipball)/i.test(url) || /codeload\.github\.com\/Azure\/WALinuxAgent/i.test(url))) {
      hit('agentFromSource');
    }
    return;
  }
  if (name === 'nmcli') {
    for (let i = 0; i + 1 < args.length; i++) {
      const key = args[i]!.replace(/^[+-]/, '').toLowerCase();
      if (key === 'ipv4.method' && args[i + 1]!.toLowerCase() === 'manual') return hit('staticIp');
    }
    return;
  }
  if (/^(ip6?tables|ip6?tables-legacy|ip6?tables-nft)$/.test(name) || (name === 'firewall-cmd' && args.includes('--direct'))) {
    if (!args.some((a) => /^(-A|-I|--append|--insert|--add-rule|--add-passthrough)$/.test(a))) return;
    const address = [optionValue(args, ['-d', '--destination']), optionValue(args, ['-s', '--source'])].filter((a): a is string => a !== undefined);
    const target = optionValue(args, ['-j', '--jump']);
    if (!known(address) || !address.some(namesWireServer) || !target || !reachesAgentTraffic(args)) return;
    if (/^(DROP|REJECT)$/i.test(target)) hit('wireserverBlocked');
    // The agent's own firewall (OS.EnableFirewall) and Microsoft's hardening accept root's traffic, then drop the rest.
    else if (/^ACCEPT$/i.test(target)) hit('wireserverAllowed');
    return;
  }
  if (name === 'firewall-cmd') {
    const rich = optionValue(args, ['--add-rich-rule']);
    if (rich && known([rich]) && new RegExp(`address=["']?${WIRESERVER.replace(/\./g, '\\.')}(/32)?["']?`).test(rich) && /\b(drop|reject)\b/i.test(rich)) {
      hit('wireserverBlocked');
    }
    return;
  }
  if (name === 'nft') {
    const words = args.join(' ').split(/\s+/);
    const addsRule = words.includes('rule') && /^(add|insert)$/.test(words[0] ?? '');
    const addressed = words.some((w, i) => /^[sd]addr$/.test(w) && namesWireServer(words[i + 1] ?? ''));
    if (addsRule && addressed && known(words) && words.some((w) => /^(drop|reject)$/.test(w))) hit('wireserverBlocked');
  }
}

import { loadModel } from '../../src/lint';
import type { VmNode } from '../../src/model/domain';
import type { GuestFact, GuestObservation, GuestProxy } from '../../src/model/facts';
import { isUnknown } from '../../src/model/unknown';
import { guestParsers, guestParsersRequested } from '../../src/analysis/guest/grammars';
import { readGuestText } from '../../src/analysis/guest/read';
import { FIXTURES, runCli, runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

async function loadModelOf(files: Record<string, string>) {
  const project = tempProject(files);
  try {
    return await loadModel({ cwd: project.dir, paths: ['.'], ignore: [], parameterPairs: new Map(), context: {} });
  } finally {
    project.cleanup();
  }
}

async function guestOf(path: string): Promise<Map<string, GuestFact>> {
  const { model } = await loadModel({ cwd: FIXTURES, paths: [path], ignore: [], parameterPairs: new Map(), context: {} });
  return new Map(model.ofKind('vm').map((vm: VmNode) => [vm.label, vm.facts!.guest!]));
}

describe('guest analysis: vm.facts.guest from customData, extension commands and run commands', () => {
  it('loads the bash and PowerShell grammars only when some VM has guest text', async () => {
    await guestOf('BL201/invalid/arm-linux-agent-off.json');
    expect(guestParsersRequested()).toBe(false);
    await guestOf('analysis/guest/facts.json');
    expect(guestParsersRequested()).toBe(true);
  });

  it('reads every command of an && chain that appends to a file (tree-sitter-bash binds the last redirect to the chain)', async () => {
    const parsers = await guestParsers();
    const hits = (text: string) =>
      readGuestText(parsers, { label: 'commandToExecute', text, at: { file: 'x.json' }, base64: false, language: 'shell' }).hits.map((h) => [h.fact, h.waagent?.key ?? h.proxy?.host ?? null]);
    expect(hits("echo 'HttpProxy.Host=10.0.1.50' >> /etc/waagent.conf && echo 'HttpProxy.Port=3128' >> /etc/waagent.conf && systemctl restart walinuxagent")).toEqual([
      ['waagent', 'HttpProxy.Host'],
      ['proxy', '10.0.1.50'],
      ['waagent', 'HttpProxy.Port'],
      ['serviceRestored', null],
    ]);
    expect(hits("apt-get update && echo 'AutoUpdate.Enabled=n' >> /etc/waagent.conf")).toEqual([
      ['waagent', 'AutoUpdate.Enabled'],
      ['agentAutoUpdateDisabled', null],
    ]);
  });

  it('reads what a { …; } group prints into a file, and a heredoc piped into tee', async () => {
    const parsers = await guestParsers();
    const hits = (text: string) =>
      readGuestText(parsers, { label: 'commandToExecute', text, at: { file: 'x.json' }, base64: false, language: 'shell' }).hits.map((h) => [h.fact, h.waagent?.key ?? null]);
    const disabled = [
      ['waagent', 'Extensions.Enabled'],
      ['agentDisabled', null],
    ];
    expect(hits("{ echo '# managed'; echo 'Extensions.Enabled=n'; } >> /etc/waagent.conf")).toEqual(disabled);
    expect(hits('cat <<EOF | sudo tee -a /etc/waagent.conf\nExtensions.Enabled=n\nEOF')).toEqual(disabled);
    expect(hits('cat <<EOF | grep Enabled\nExtensions.Enabled=n\nEOF')).toEqual([]);
  });

  it("takes a WireServer firewall rule as blocking only when it stops the agent's traffic", async () => {
    const parsers = await guestParsers();
    const blocked = (text: string, language: 'shell' | 'powershell' | 'cmd') =>
      readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language }).hits.some((h) => h.fact === 'wireserverBlocked');
    expect(blocked('iptables -A OUTPUT -d 168.63.129.16 -j DROP', 'shell')).toBe(true);
    expect(blocked('iptables -A OUTPUT -d 168.63.129.16 -p tcp -m multiport --dports 80,443 -j REJECT', 'shell')).toBe(true);
    expect(blocked('iptables -A OUTPUT -d 168.63.129.16 -p tcp --dport 53 -j DROP', 'shell')).toBe(false);
    expect(blocked('iptables -A OUTPUT -d 168.63.129.16 -p tcp -m owner ! --uid-owner 0 -j DROP', 'shell')).toBe(false);
    // The agent's own firewall (OS.EnableFirewall=y), also Microsoft's hardening advice: root's traffic is accepted first.
    const agentFirewall = [
      'iptables -t security -A OUTPUT -d 168.63.129.16/32 -p tcp -m owner --uid-owner 0 -j ACCEPT',
      'iptables -t security -A OUTPUT -d 168.63.129.16/32 -p tcp -m conntrack --ctstate INVALID,NEW -j DROP',
    ];
    const { model } = await loadModelOf({
      'main.tf': `resource "azurerm_linux_virtual_machine" "vm" {\n  name = "vm"\n  size = "Standard_B2s"\n  custom_data = base64encode(${JSON.stringify(`#!/bin/bash\n${agentFirewall.join('\n')}\n`)})\n}\n`,
    });
    expect(model.ofKind('vm')[0]!.facts!.guest!.wireserverBlocked).toEqual([]);
    expect(blocked('New-NetFirewallRule -DisplayName b -Direction Outbound -RemoteAddress 168.63.129.16 -Action Block', 'powershell')).toBe(true);
    expect(blocked('New-NetFirewallRule -DisplayName b -RemoteAddress 168.63.129.16 -Action Block', 'powershell')).toBe(false);
    expect(blocked('New-NetFirewallRule -DisplayName b -Direction Outbound -RemoteAddress 168.63.129.16 -RemotePort 53 -Action Block', 'powershell')).toBe(false);
    expect(blocked('netsh advfirewall firewall add rule name=b dir=in action=block remoteip=168.63.129.16', 'cmd')).toBe(false);
    expect(blocked('netsh advfirewall firewall add rule name=b dir=out action=block remoteip=168.63.129.16 program=C:\\app.exe', 'cmd')).toBe(false);
  });

  it("reads a service's start type written to the registry (4 disables; 3 disables the snapshot provider only)", async () => {
    const parsers = await guestParsers();
    const facts = (text: string, language: 'cmd' | 'powershell') => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language }).hits.map((h) => h.fact);
    expect(facts('reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\WindowsAzureGuestAgent" /v Start /t REG_DWORD /d 4 /f', 'cmd')).toEqual(['agentDisabled']);
    expect(facts('Set-ItemProperty -Path HKLM:\\SYSTEM\\CurrentControlSet\\Services\\IaaSVmProvider -Name Start -Value 3', 'powershell')).toEqual(['iaasVmProviderDisabled']);
    expect(facts('Set-ItemProperty -Path HKLM:\\SYSTEM\\CurrentControlSet\\Services\\WindowsAzureGuestAgent -Name Start -Value 3', 'powershell')).toEqual([]);
    expect(facts('Set-ItemProperty -Path HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Spooler -Name Start -Value 4', 'powershell')).toEqual([]);
  });

  it('tells a line of a MIME message (cloud-init parts) by its part, whose lines the author wrote', async () => {
    const facts = await guestOf('BL203/invalid/tf-cloudinit-config');
    const [disabled] = facts.get('azurerm_linux_virtual_machine.app')!.agentDisabled as GuestObservation[];
    expect(disabled!.text).toBe('the script runs `systemctl disable --now walinuxagent` (line 2 of the text/x-shellscript MIME part 2 of the decoded custom_data)');
  });

  it('takes no address on a loopback adapter as a static IP of the NIC', async () => {
    const parsers = await guestParsers();
    const facts = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => h.fact);
    expect(facts('New-NetIPAddress -InterfaceAlias Loopback -IPAddress 10.0.0.100 -PrefixLength 32')).toEqual([]);
    expect(facts('New-NetIPAddress -InterfaceAlias Ethernet -IPAddress 10.0.0.4 -PrefixLength 24 -DefaultGateway 10.0.0.1')).toEqual(['staticIp']);
  });

  it('reads the commands of a function only when the script uses it (bash and PowerShell)', async () => {
    const parsers = await guestParsers();
    const facts = (text: string, language: 'shell' | 'powershell') =>
      readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language }).hits.map((h) => h.fact);
    expect(facts('disable_agent() { systemctl disable walinuxagent; }\necho ready', 'shell')).toEqual([]);
    expect(facts('disable_agent() { systemctl disable walinuxagent; }\n# disable_agent\ndisable_agent', 'shell')).toEqual(['agentDisabled']);
    expect(facts('function disable_agent { systemctl disable walinuxagent; }\ntrap disable_agent EXIT', 'shell')).toEqual(['agentDisabled']);
    expect(facts('function Disable-Agent { Set-Service WindowsAzureGuestAgent -StartupType Disabled }\nWrite-Host ready', 'powershell')).toEqual([]);
    expect(facts('function Disable-Agent { Set-Service WindowsAzureGuestAgent -StartupType Disabled }\ndisable-agent', 'powershell')).toEqual(['agentDisabled']);
  });

  it('does not read PowerShell commands after an exit, return, throw, break or continue in the same statement list: they never run', async () => {
    const parsers = await guestParsers();
    const hits = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => [h.fact, h.line, h.sentence]);
    const stop = 'Stop-Service WindowsAzureGuestAgent';
    const disable = ['agentDisabled', 5, 'the script runs `Set-Service RdAgent -StartupType Disabled`'];
    for (const end of ['exit 0', 'EXIT', 'exit (Get-Date).Second', 'return', 'throw "unsupported image"', 'break', 'continue', '[Environment]::Exit(0)', '[System.Environment]::Exit($code)']) {
      expect([end, hits(`${end}\n${stop}\nNew-NetIPAddress -InterfaceAlias Ethernet -IPAddress 10.0.0.4 -PrefixLength 24`)]).toEqual([end, []]);
    }
    expect(hits(`$ErrorActionPreference = 'Stop'\nGet-Service Spooler -ErrorAction:Continue\nthrow 'unsupported image'\n${stop}`)).toEqual([]);
    // The rest of the block it is in only: an if's, a loop's, a function's body (the script goes on after the call).
    expect(hits(`if (Test-Path C:\\done) {\n  exit 0\n  ${stop}\n}\nSet-Service RdAgent -StartupType Disabled`)).toEqual([disable]);
    expect(hits(`foreach ($i in 1, 2) {\n  continue\n  ${stop}\n}\nSet-Service RdAgent -StartupType Disabled`)).toEqual([disable]);
    expect(hits(`function Prepare {\n  return\n  ${stop}\n}\nPrepare; Set-Service RdAgent -StartupType Disabled`)).toEqual([disable]);
    // A function or stored block called only after the exit never runs; a start after the exit does not undo a stop
    // before it; an assignment after it gives its variable no other value.
    expect(hits(`function Disable-Agent { ${stop} }\nexit 0\nDisable-Agent`)).toEqual([]);
    expect(hits(`$disable = { ${stop} }\nexit 0\n& $disable`)).toEqual([]);
    expect(hits(`${stop}\nexit 0\nStart-Service WindowsAzureGuestAgent`)).toEqual([['agentDisabled', 1, `the script runs \`${stop}\``]]);
    expect(hits("$svc = 'WindowsAzureGuestAgent'\nStop-Service $svc\nreturn\n$svc = 'Spooler'")).toEqual([['agentDisabled', 2, "the script runs `Stop-Service $svc` with $svc = 'WindowsAzureGuestAgent'"]]);
  });

  it('reads PowerShell commands after an exit that may not run: under an if or switch, after ||, in a function or script block, a throw caught, resumed by a trap or silenced', async () => {
    const parsers = await guestParsers();
    const facts = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => [h.fact, h.line]);
    const stop = 'Stop-Service WindowsAzureGuestAgent';
    const before = [
      'if (Test-Path C:\\done) { exit 0 }',
      "switch ($env:ROLE) { 'web' { exit } }",
      'Test-Path C:\\done || exit 1',
      'function Stop-Here { exit 1 }',
      '& { return }',
      "try { throw 'x' } catch { Write-Host $_ }",
      "trap { continue }\nthrow 'no network yet'",
      // An error action of SilentlyContinue (or one not written as Stop or Continue) silences a throw: PowerShell goes on.
      "$ErrorActionPreference = 'SilentlyContinue'\nthrow 'no network yet'",
      "Get-Service Spooler -ea 0\nthrow 'no network yet'",
      "$ErrorActionPreference = $env:PREF\nthrow 'no network yet'",
      '$ready -or [Environment]::Exit(1)',
    ];
    for (const text of before) expect([text, facts(`${text}\n${stop}`)]).toEqual([text, [['agentDisabled', text.split('\n').length + 1]]]);
    // A finally block runs on the way out.
    expect(facts(`try { exit 0 } finally {\n  ${stop}\n}`)).toEqual([['agentDisabled', 2]]);
  });

  it("does not read shell commands after an exit, an exec of a command or a function's return in the same sequence: they never run", async () => {
    const parsers = await guestParsers();
    const hits = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'shell' }).hits.map((h) => [h.fact, h.line, h.sentence]);
    const stop = 'systemctl stop walinuxagent';
    const disable = (line: number) => ['agentDisabled', line, 'the script runs `systemctl disable walinuxagent`'];
    for (const end of ['exit 0', 'exit', 'exit 1 >&2', 'exec /usr/local/bin/app --serve', 'exec -a app /usr/local/bin/app', 'exec /usr/local/bin/app >>/var/log/app.log 2>&1']) {
      expect([end, hits(`#!/bin/bash\n${end}\n${stop}\necho 'Extensions.Enabled=n' >> /etc/waagent.conf\nnmcli con mod eth0 ipv4.method manual`)]).toEqual([end, []]);
    }
    // The rest of the block it is in only: a then part (not its else), a subshell, a loop's body, a function's body.
    expect(hits(`if [ -f /done ]; then\n  exit 0\n  ${stop}\nfi\nsystemctl disable walinuxagent`)).toEqual([disable(5)]);
    expect(hits(`if [ -f /done ]; then\n  exit 0\nelse\n  systemctl disable walinuxagent\nfi`)).toEqual([disable(4)]);
    expect(hits(`(\n  exit 0\n  ${stop}\n)\nsystemctl disable walinuxagent`)).toEqual([disable(5)]);
    expect(hits(`for unit in cups walinuxagent; do\n  exit 0\n  systemctl stop "$unit"\ndone`)).toEqual([]);
    expect(hits(`prepare() {\n  return 0\n  ${stop}\n}\nprepare\nsystemctl disable walinuxagent`)).toEqual([disable(6)]);
    expect(hits(`{ echo '# managed'; exit 0; echo 'Extensions.Enabled=n'; } >> /etc/waagent.conf`)).toEqual([]);
    // A function called only after the exit never runs; a start after the exit does not undo a stop before it.
    expect(hits(`disable_agent() { systemctl disable walinuxagent; }\nexit 0\ndisable_agent`)).toEqual([]);
    expect(hits(`${stop}\nexit 0\nsystemctl start walinuxagent`)).toEqual([['agentDisabled', 1, `the script runs \`${stop}\``]]);
  });

  it('reads shell commands after an exit that may not run: after && or ||, in the background, in a function, a subshell or a case, a top-level return, an exec that only redirects', async () => {
    const parsers = await guestParsers();
    const facts = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'shell' }).hits.map((h) => [h.fact, h.line]);
    const stop = 'systemctl stop walinuxagent';
    const before = [
      '[ -f /done ] && exit 0',
      'grep -q done /state || exit 1',
      'exit 0 &',
      'fail() { exit 1; }',
      '( exit 1 )',
      'echo "$(exit 1)"',
      'case "$1" in stop) exit 0 ;; esac',
      // Outside a function bash says it cannot return and goes on.
      'return 0',
      'exec > /var/log/init.log 2>&1',
      'exec 3>&1',
      'exec {lock}>/var/lock/init',
      'exec &> >(tee -a /var/log/init.log)',
      'exec -c',
      // Empty, $APP leaves exec only redirecting; under execfail a failed exec returns.
      'exec $APP',
      'shopt -s execfail; exec /usr/local/bin/app',
      // Another shell's exit, a heredoc's text.
      "bash -c 'exit 0'",
      'cat <<EOF\nexit 0\nEOF',
    ];
    for (const text of before) expect([text, facts(`${text}\n${stop}`)]).toEqual([text, [['agentDisabled', text.split('\n').length + 1]]]);
  });

  it('does not read cmd lines after a top-level exit or goto (exit /b, with a literal code or one variable, goto :eof, goto label) up to a label that a goto or call which runs names: they never run', async () => {
    const parsers = await guestParsers();
    const hits = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'cmd' }).hits.map((h) => [h.fact, h.line, h.sentence]);
    const stop = 'sc stop WindowsAzureGuestAgent';
    const stopped = (line: number) => ['agentDisabled', line, `the command runs \`${stop}\``];
    // An exit code in a variable only sets the code (empty, or not a number, as well): the script ends all the same.
    const variableCodes = ['exit /b %RC%', 'exit %RC%', 'EXIT /B %exit_code%', 'exit /b !RC!', 'exit !rc!', 'exit /b %1'];
    for (const end of ['exit /b 0', 'exit', 'EXIT /B 1', '@exit /b %ERRORLEVEL%', '  exit -1', 'goto :eof', 'goto:EOF', 'goto done', ...variableCodes]) {
      expect([end, hits(`@echo off\n${end}\n${stop}\nsc config iaasvmprovider start= disabled\nnetsh interface ip set address Ethernet static 10.0.0.4 255.255.255.0`)]).toEqual([end, []]);
    }
    // A label that no jump names, or only one that never runs, is never reached; a goto skips to its label.
    expect(hits(`exit /b 0\n:cleanup\n${stop}`)).toEqual([]);
    expect(hits(`exit /b 0\n:retry\n${stop}\ngoto retry`)).toEqual([]);
    expect(hits(`goto main\n${stop}\n:main\necho ready`)).toEqual([]);
    // A subroutine runs from its label when called; what follows its own exit does not, so a start there undoes nothing.
    expect(hits(`call :disable\nexit /b 0\n:disable\n${stop}\ngoto :eof\nsc start WindowsAzureGuestAgent`)).toEqual([stopped(4)]);
    expect(hits(`call :disable\nexit /b %RC%\n:disable\n${stop}\nexit /b !RC!\nsc start WindowsAzureGuestAgent`)).toEqual([stopped(4)]);
    // Named by a jump that runs after the label (a loop back), by a conditional jump, by a variable or by a name no label has: read.
    expect(hits(`goto main\n:helper\n${stop}\nexit /b 0\n:main\ncall :helper`)).toEqual([stopped(3)]);
    expect(hits(`if exist C:\\agent-off.txt goto disable\nexit /b 0\n:disable\n${stop}`)).toEqual([stopped(4)]);
    expect(hits(`call :%1\nexit /b 0\n:disable\n${stop}`)).toEqual([stopped(4)]);
    expect(hits(`call :Disable_Agent2\nexit /b 0\n:disable\n${stop}`)).toEqual([stopped(4)]);
  });

  it('reads cmd lines after an exit that may not run or not end the script: in a parenthesised block, under if or for, sharing its line, continued with ^, a goto target in a variable', async () => {
    const parsers = await guestParsers();
    const facts = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'cmd' }).hits.map((h) => [h.fact, h.line]);
    const before = [
      'if exist C:\\done exit /b 0',
      'if exist C:\\done goto :eof',
      'if exist C:\\done (\n  exit /b 0\n)',
      'if not exist C:\\done (\n  echo first run\n) else (\n  exit /b 0\n)',
      'for %%f in (C:\\done) do exit /b 0',
      'for %%f in (C:\\done) do (\n  goto :eof\n)',
      'findstr done C:\\state && exit /b 0',
      'findstr done C:\\state || exit /b 1',
      'echo done & exit /b 0',
      'exit /b 0 & echo bye',
      'echo ^\nexit /b 0',
      'if defined RC exit /b %RC%',
      'exit /b %RC% & echo bye',
      'exit /b %%RC%%',
      'goto %STEP%',
      'rem exit /b 0',
      ':: goto :eof',
    ];
    for (const text of before) expect([text, facts(`${text}\nsc stop WindowsAzureGuestAgent`)]).toEqual([text, [['agentDisabled', text.split('\n').length + 1]]]);
  });

  it('bounds the reading of code after exits: 10,000 statements after one, 10,000 exits under conditions and 10,000 batch labels take well under seconds', async () => {
    const parsers = await guestParsers();
    const read = (text: string, language: 'shell' | 'powershell' | 'cmd') => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language });
    const started = Date.now();
    expect(read(`exit 0\n${'systemctl stop walinuxagent\n'.repeat(10000)}`, 'shell').hits).toEqual([]);
    expect(read(`exit 0\n${'Stop-Service WindowsAzureGuestAgent\n'.repeat(10000)}`, 'powershell').hits).toEqual([]);
    expect(read(`${'[ -f /done ] && exit 0\n'.repeat(10000)}systemctl stop walinuxagent`, 'shell').hits.map((h) => h.line)).toEqual([10001]);
    expect(read(`${'if ($done) { exit 0 }\n'.repeat(10000)}Stop-Service WindowsAzureGuestAgent`, 'powershell').hits.map((h) => h.line)).toEqual([10001]);
    expect(read(`exit /b 0\n${'sc stop WindowsAzureGuestAgent\n'.repeat(10000)}`, 'cmd').hits).toEqual([]);
    // 10,000 batch labels, each called by the section before it; 10,000 sections of one label name, each jumping to it.
    expect(read(`${Array.from({ length: 10000 }, (_, i) => `:l${i}\ncall :l${i + 1}\nexit /b 0`).join('\n')}\n:l10000\nsc stop WindowsAzureGuestAgent`, 'cmd').hits.map((h) => h.line)).toEqual([30002]);
    expect(read(`goto a\n${':a\ngoto a\n'.repeat(10000)}sc stop WindowsAzureGuestAgent`, 'cmd').hits).toEqual([]);
    expect(Date.now() - started).toBeLessThan(8000);
  }, 60_000);

  it('reads the commands of a PowerShell script block run with & or . (powershell -Command "& { … }")', async () => {
    const parsers = await guestParsers();
    const facts = (text: string, language: 'cmd' | 'powershell') =>
      readGuestText(parsers, { label: 'commandToExecute', text, at: { file: 'x.json' }, base64: false, language }).hits.map((h) => h.fact);
    expect(facts('powershell.exe -ExecutionPolicy Bypass -Command "& { Set-Service WindowsAzureGuestAgent -StartupType Disabled }"', 'cmd')).toEqual(['agentDisabled']);
    expect(facts('. { New-NetIPAddress -InterfaceAlias Ethernet -IPAddress 10.0.0.4 -PrefixLength 24 }', 'powershell')).toEqual(['staticIp']);
  });

  it('reads the script blocks a command runs in the VM (ForEach-Object, Where-Object, a local Invoke-Command, Start-Job), not those sent elsewhere', async () => {
    const parsers = await guestParsers();
    const facts = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => [h.fact, h.line]);
    const disable = 'Set-Service WindowsAzureGuestAgent -StartupType Disabled';
    for (const run of [`Invoke-Command -ScriptBlock {\n  ${disable}\n}`, `icm {\n  ${disable}\n}`, `Start-Job {\n  ${disable}\n} | Wait-Job`, `1 | ForEach-Object {\n  ${disable}\n}`, `1 | % -Process {\n  ${disable}\n}`, `Get-Service | Where-Object {\n  ${disable}\n}`]) {
      expect([run, facts(run)]).toEqual([run, [['agentDisabled', 2]]]);
    }
    for (const elsewhere of [`Invoke-Command -ComputerName sql-02 -ScriptBlock { ${disable} }`, `icm -Session:$s { ${disable} }`, `Register-ArgumentCompleter -CommandName x -ScriptBlock { ${disable} }`]) {
      expect([elsewhere, facts(elsewhere)]).toEqual([elsewhere, []]);
    }
  });

  it('reads a PowerShell variable whose every assignment is one literal as that literal, wherever a name is read', async () => {
    const parsers = await guestParsers();
    const hits = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits;
    const facts = (text: string) => hits(text).map((h) => [h.fact, h.line]);
    expect(facts("$svc = 'WindowsAzureGuestAgent'; Stop-Service $svc; Set-Service -Name $svc -StartupType Disabled")).toEqual([
      ['agentDisabled', 1],
      ['agentDisabled', 1],
    ]);
    expect(hits("$svc = 'WindowsAzureGuestAgent'\nStop-Service -Name $svc")[0]!.sentence).toBe("the script runs `Stop-Service -Name $svc` with $svc = 'WindowsAzureGuestAgent'");
    // Double quotes without expansions, the same literal twice, `"$svc"` and `"${name}…"`, `-Name:$svc`, a function reading it.
    expect(facts('$svc = "WindowsAzureGuestAgent"\n$svc = "WindowsAzureGuestAgent"\nStop-Service "$svc"')).toEqual([['agentDisabled', 3]]);
    expect(facts('$prefix = "WindowsAzure"\nStop-Service -Name:"${prefix}GuestAgent"')).toEqual([['agentDisabled', 2]]);
    expect(facts("$svc = 'WindowsAzureGuestAgent'\nfunction Stop-Agent { Stop-Service $svc }\nStop-Agent")).toEqual([['agentDisabled', 2]]);
    // A registry path and value, a native command's argument and name (`& $exe`).
    expect(facts("$key = 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\IaaSVmProvider'\n$start = 4\nSet-ItemProperty -Path $key -Name Start -Value $start")).toEqual([['iaasVmProviderDisabled', 3]]);
    expect(facts("$svc = 'RdAgent'\nnet stop $svc")).toEqual([['agentDisabled', 2]]);
    expect(facts("$sc = 'sc.exe'\n& $sc config WindowsAzureGuestAgent start= disabled")).toEqual([['agentDisabled', 2]]);
    // Arrays: a literal list in a variable, piped or as -Name, and the loop variable of a foreach over literals.
    expect(facts("$svcs = 'Spooler', 'WindowsAzureGuestAgent'\n$svcs | Stop-Service")).toEqual([['agentDisabled', 2]]);
    expect(facts("$svcs = 'Spooler', 'WindowsAzureGuestAgent'\nSet-Service -Name $svcs -StartupType Disabled")).toEqual([['agentDisabled', 2]]);
    expect(facts("foreach ($s in 'Spooler', 'WindowsAzureGuestAgent') {\n  Stop-Service $s\n}")).toEqual([['agentDisabled', 2]]);
    expect(facts("'WindowsAzureGuestAgent' | Set-Service -StartupType Disabled")).toEqual([['agentDisabled', 1]]);
    // Script blocks run in this session see the script's variables; a job's block sees them as $using:.
    expect(facts("$svc = 'WindowsAzureGuestAgent'\n1 | ForEach-Object { Stop-Service $svc }")).toEqual([['agentDisabled', 2]]);
    expect(facts("$svc = 'WindowsAzureGuestAgent'\nStart-Job { Stop-Service $using:svc }")).toEqual([['agentDisabled', 2]]);
  });

  it('leaves a PowerShell variable unresolved (and silent) when it may hold anything else than one literal', async () => {
    const parsers = await guestParsers();
    const facts = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => h.fact);
    const agent = "$svc = 'WindowsAzureGuestAgent'\n";
    expect(facts('$svc = Get-Service WindowsAzureGuestAgent\nStop-Service $svc')).toEqual([]);
    expect(facts(`${agent}$svc = 'Spooler'\nStop-Service $svc`)).toEqual([]);
    expect(facts(`${agent}$svc += 'x'\nStop-Service $svc`)).toEqual([]);
    expect(facts(`${agent}[string]$svc = 'WindowsAzureGuestAgent'\nStop-Service $svc`)).toEqual([]);
    expect(facts(`${agent}Set-Variable -Name svc -Value Spooler\nStop-Service $svc`)).toEqual([]);
    expect(facts(`${agent}Get-Service Spooler -OutVariable svc\nStop-Service $svc`)).toEqual([]);
    expect(facts(`${agent}foreach ($svc in Get-Service) { Stop-Service $svc }`)).toEqual([]);
    expect(facts(`${agent}function Stop-One($svc) { Stop-Service $svc }\nStop-One Spooler`)).toEqual([]);
    expect(facts(`${agent}$svc++\nStop-Service $svc`)).toEqual([]);
    expect(facts(`${agent}. .\\config.ps1\nStop-Service $svc`)).toEqual([]);
    expect(facts(`${agent}iex '$svc = "Spooler"'\nStop-Service $svc`)).toEqual([]);
    expect(facts('Stop-Service $svc\n$svc = "WindowsAzureGuestAgent"')).toEqual([]);
    expect(facts('function Set-Name { $svc = "WindowsAzureGuestAgent" }\nSet-Name\nStop-Service $svc')).toEqual([]);
    expect(facts('$script:svc = "WindowsAzureGuestAgent"\nStop-Service $svc')).toEqual([]);
    expect(facts('$env:svc = "WindowsAzureGuestAgent"\nStop-Service $env:svc')).toEqual([]);
    expect(facts('$svc = "WindowsAzure$(\'GuestAgent\')"\nStop-Service $svc')).toEqual([]);
    expect(facts(`${agent}Stop-Service "$svc-Backup"`)).toEqual([]);
    expect(facts("$svcs = 'Spooler', 'WindowsAzureGuestAgent'\nStop-Service \"$svcs\"")).toEqual([]);
    // A job runs in another process (the script's $svc is not there); a stored block may run anywhere.
    expect(facts(`${agent}Start-Job { Stop-Service $svc }`)).toEqual([]);
    expect(facts(`${agent}$stop = { Stop-Service $svc }\nStart-Job -ScriptBlock $stop`)).toEqual([]);
  });

  it("reads a PowerShell variable built from others (\"$dir\\GuestAgent\", $root + '\\x', 'WindowsAzure' + 'GuestAgent') as its literal when every part stands for one there", async () => {
    const parsers = await guestParsers();
    const hits = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => [h.fact, h.line, h.sentence]);
    expect(hits("$name = 'WindowsAzure' + 'GuestAgent'\nStop-Service $name -Force")).toEqual([
      ['agentDisabled', 2, "the script runs `Stop-Service $name -Force` with $name = 'WindowsAzureGuestAgent'"],
    ]);
    expect(hits('$prefix = "WindowsAzure"\n$svc = "${prefix}GuestAgent"\nSet-Service -Name $svc -StartupType Disabled')).toEqual([
      ['agentDisabled', 3, "the script runs `Set-Service -Name $svc -StartupType Disabled` with $svc = 'WindowsAzureGuestAgent'"],
    ]);
    expect(hits('$name = "Agent"\n$svc = "WindowsAzureGuest$name"\nStop-Service $svc')).toEqual([
      ['agentDisabled', 3, "the script runs `Stop-Service $svc` with $svc = 'WindowsAzureGuestAgent'"],
    ]);
    // A registry path built by interpolation and by `+`, a chain of three.
    const root = "$root = 'HKLM:\\SYSTEM\\CurrentControlSet\\Services'\n";
    expect(hits(`${root}$key = "$root\\IaaSVmProvider"\nSet-ItemProperty -Path $key -Name Start -Value 4`)).toEqual([
      ['iaasVmProviderDisabled', 3, "the script runs `Set-ItemProperty -Path $key -Name Start -Value 4` with $key = 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\IaaSVmProvider'"],
    ]);
    expect(hits(`${root}$agent = 'WindowsAzure' + 'GuestAgent'\n$key = $root + '\\' + $agent\nSet-ItemProperty $key Start 4`).map(([fact, line]) => [fact, line])).toEqual([['agentDisabled', 4]]);
    // Arrays: `@(…)`, an array joined to a string, a foreach over a variable holding literals.
    expect(hits("$svcs = @('Spooler'; 'WindowsAzureGuestAgent')\n$svcs | Stop-Service").map(([fact, line]) => [fact, line])).toEqual([['agentDisabled', 2]]);
    expect(hits("$svcs = @('Spooler') + 'RdAgent'\nStop-Service -Name $svcs").map(([fact, line]) => [fact, line])).toEqual([['agentDisabled', 2]]);
    expect(hits("$svcs = 'Spooler', 'RdAgent'\nforeach ($s in $svcs) {\n  Stop-Service $s\n}").map(([fact, line]) => [fact, line])).toEqual([['agentDisabled', 3]]);
  });

  it('reads a PowerShell variable reassigned from its own value ($a = "$a", $a = $a) as the value before, when every assignment gives the same literal', async () => {
    const parsers = await guestParsers();
    const hits = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => [h.fact, h.line, h.sentence]);
    expect(hits("$svc = 'WindowsAzureGuestAgent'\n$svc = \"$svc\"\nStop-Service $svc")).toEqual([
      ['agentDisabled', 3, "the script runs `Stop-Service $svc` with $svc = 'WindowsAzureGuestAgent'"],
    ]);
    // `$a = $a`, then `"$a"`: each reads the others; an array copied with @(…); inside a loop, where it reads its own last value.
    expect(hits("$svc = 'RdAgent'\n$svc = $svc\n$svc = \"$svc\"\nSet-Service -Name $svc -StartupType Disabled")).toEqual([
      ['agentDisabled', 4, "the script runs `Set-Service -Name $svc -StartupType Disabled` with $svc = 'RdAgent'"],
    ]);
    expect(hits("$svcs = 'Spooler', 'RdAgent'\n$svcs = @($svcs)\n$svcs | Stop-Service").map(([fact, line]) => [fact, line])).toEqual([['agentDisabled', 3]]);
    expect(hits("$svc = 'RdAgent'\nforeach ($i in 1, 2) { $svc = \"$svc\" }\nStop-Service $svc").map(([fact, line]) => [fact, line])).toEqual([['agentDisabled', 3]]);
  });

  it('leaves a PowerShell variable reassigned from its own value unresolved when the value changes or was never given', async () => {
    const parsers = await guestParsers();
    const facts = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => h.fact);
    expect(facts('$svc = "$svc"\nStop-Service $svc')).toEqual([]);
    expect(facts("$svc = 'WindowsAzureGuestAgent'\n$svc = \"$svc\"\n$svc = 'Spooler'\nStop-Service $svc")).toEqual([]);
    expect(facts("$svc = 'WindowsAzureGuestAgent'\n$svc = $svc + '-Old'\nStop-Service $svc")).toEqual([]);
    expect(facts("$svc = 'WindowsAzure'\nforeach ($i in 1, 2) { $svc = \"${svc}GuestAgent\" }\nStop-Service $svc")).toEqual([]);
    // Through another variable it is a cycle, as before: unresolved.
    expect(facts("$a = 'WindowsAzureGuestAgent'\n$b = \"$a\"\n$a = \"$b\"\nStop-Service $a")).toEqual([]);
  });

  it('bounds a PowerShell variable reassigned from itself: 20,000 times takes seconds at most (past 16 it stands for nothing)', async () => {
    const parsers = await guestParsers();
    const read = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' });
    const started = Date.now();
    expect(read(`$svc = 'RdAgent'\n${'$svc = "$svc"\n'.repeat(20000)}Stop-Service $svc`).hits).toEqual([]);
    expect(Date.now() - started).toBeLessThan(10000);
    expect(read(`$svc = 'RdAgent'\n${'$svc = "$svc"\n'.repeat(10)}Stop-Service $svc`).hits.map((h) => h.line)).toEqual([12]);
  }, 60_000);

  it('leaves a PowerShell variable built from others unresolved (and silent) when a part may hold anything else than one string', async () => {
    const parsers = await guestParsers();
    const facts = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => h.fact);
    // A part from a command, never assigned, given another value, assigned after the read or in a function only.
    expect(facts("$suffix = Get-Content .\\suffix.txt\n$svc = 'WindowsAzure' + $suffix\nStop-Service $svc")).toEqual([]);
    expect(facts("$svc = $prefix + 'GuestAgent'\nStop-Service $svc")).toEqual([]);
    expect(facts("$prefix = 'WindowsAzure'\n$svc = \"${prefix}GuestAgent\"\n$prefix = 'Spooler'\nStop-Service $svc")).toEqual([]);
    expect(facts("$prefix = 'WindowsAzure'\n$svc = \"${prefix}GuestAgent\"\n$svc = 'Spooler'\nStop-Service $svc")).toEqual([]);
    expect(facts("$svc = \"${prefix}GuestAgent\"\n$prefix = 'WindowsAzure'\nStop-Service $svc")).toEqual([]);
    expect(facts("function Set-Prefix { $prefix = 'WindowsAzure' }\nSet-Prefix\n$svc = \"${prefix}GuestAgent\"\nStop-Service $svc")).toEqual([]);
    // `+` on something else than a string: an array (two services), a number (arithmetic), a loop's variable holding one.
    expect(facts("$prefix = @('WindowsAzure')\n$svc = $prefix + 'GuestAgent'\nStop-Service $svc")).toEqual([]);
    expect(facts("$n = 1\n$svc = $n + 'WindowsAzureGuestAgent'\nStop-Service $svc")).toEqual([]);
    expect(facts("foreach ($p in 1) { $svc = $p + 'WindowsAzureGuestAgent'; Stop-Service $svc }")).toEqual([]);
    expect(facts("$svc = 'WindowsAzure' - 'GuestAgent'\nStop-Service $svc")).toEqual([]);
    // A cycle, a variable rebuilt from itself.
    expect(facts('$a = "$b"\n$b = "$a"\nStop-Service $a')).toEqual([]);
    expect(facts("$svc = 'WindowsAzure'\n$svc = \"${svc}GuestAgent\"\nStop-Service $svc")).toEqual([]);
  });

  it('bounds PowerShell variables built from others: a doubling chain 30 deep, 1,000 strings joined by + and a chain of 20,000 variables take seconds at most', async () => {
    const parsers = await guestParsers();
    const read = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' });
    let started = Date.now();
    const doubling = Array.from({ length: 30 }, (_, i) => `$v${i + 1} = "$v${i}$v${i}"`).join('\n');
    // $v9 is the agent's name 512 times (12 KiB): past the cap.
    expect(read(`$v0 = 'WindowsAzureGuestAgent'\n${doubling}\nStop-Service $v30\nStop-Service $v9`).hits).toEqual([]);
    expect(Date.now() - started).toBeLessThan(4000);
    started = Date.now();
    // Past 64 operands deep, `+` is not evaluated; thousands deep, the script is too deep to read: Unknown, not a crash.
    expect(read(`$svc = ${Array.from({ length: 1000 }, () => "'a'").join(' + ')}\nStop-Service $svc`).hits).toEqual([]);
    const deep = read(`Stop-Service RdAgent\n$svc = ${Array.from({ length: 20000 }, () => "'a'").join(' + ')}\nStop-Service $svc`);
    expect(deep.hits.map((h) => h.line)).toEqual([1]);
    expect(deep.unreadable.map((u) => u.reason)).toEqual(['script: the PowerShell script nests too deeply to be read']);
    expect(Date.now() - started).toBeLessThan(8000);
    started = Date.now();
    const chain = Array.from({ length: 20000 }, (_, i) => `$v${i + 1} = $v${i}`).join('\n');
    const long = read(`$v0 = 'WindowsAzureGuestAgent'\n${chain}\nStop-Service $v20000`);
    expect(Date.now() - started).toBeLessThan(8000);
    // Each link is read in text order, the one before it already known.
    expect(long.hits.map((h) => h.sentence)).toEqual(["the script runs `Stop-Service $v20000` with $v20000 = 'WindowsAzureGuestAgent'"]);
  }, 60_000);

  it('reads a ForEach-Object block fed by a pipeline of literals once per literal, $_ ($PSItem) standing for it', async () => {
    const parsers = await guestParsers();
    const hits = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => [h.fact, h.line, h.sentence]);
    expect(hits("'WindowsAzureGuestAgent','RdAgent' | ForEach-Object { Stop-Service $_ -Force }")).toEqual([
      ['agentDisabled', 1, "the script runs `Stop-Service $_ -Force` with $_ = 'WindowsAzureGuestAgent'"],
      ['agentDisabled', 1, "the script runs `Stop-Service $_ -Force` with $_ = 'RdAgent'"],
    ]);
    expect(hits("@('WindowsAzureGuestAgent') | % { Set-Service -Name $_ -StartupType Disabled }")).toEqual([
      ['agentDisabled', 1, "the script runs `Set-Service -Name $_ -StartupType Disabled` with $_ = 'WindowsAzureGuestAgent'"],
    ]);
    expect(hits("$svcs = 'Spooler', 'WindowsAzureGuestAgent'\n$svcs | ForEach-Object {\n  Stop-Service $PSItem\n}")).toEqual([
      ['agentDisabled', 3, "the script runs `Stop-Service $PSItem` with $PSItem = 'WindowsAzureGuestAgent'"],
    ]);
    // The `foreach` alias, `${_}`, `"$_"` piped on, a registry path, an `if` inside the block; what the block does without `$_`, once.
    expect(hits("'RdAgent' | foreach { Stop-Service ${_} }").map(([fact]) => fact)).toEqual(['agentDisabled']);
    expect(hits("'RdAgent' | % { \"$_\" | Stop-Service }").map(([fact]) => fact)).toEqual(['agentDisabled']);
    expect(hits("'IaaSVmProvider' | % { Set-ItemProperty \"HKLM:\\SYSTEM\\CurrentControlSet\\Services\\$_\" -Name Start -Value 4 }").map(([fact]) => fact)).toEqual(['iaasVmProviderDisabled']);
    expect(hits("'RdAgent' | % {\n  if ($true) { Stop-Service $_ }\n}").map(([fact, line]) => [fact, line])).toEqual([['agentDisabled', 2]]);
    expect(hits("'Spooler', 'Fax' | % {\n  Stop-Service $_\n  Set-Service RdAgent -StartupType Disabled\n}").map(([fact, line]) => [fact, line])).toEqual([['agentDisabled', 3]]);
  });

  it("reads a foreach statement's body over a list of literals once per literal, its variable standing for it", async () => {
    const parsers = await guestParsers();
    const hits = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => [h.fact, h.line, h.sentence]);
    expect(hits("foreach ($s in 'Fax', 'WindowsAzureGuestAgent') {\n  Write-Host $s\n  Stop-Service $s -Force\n}")).toEqual([
      ['agentDisabled', 3, "the script runs `Stop-Service $s -Force` with $s = 'WindowsAzureGuestAgent'"],
    ]);
    expect(hits("foreach ($s in 'WindowsAzureGuestAgent', 'RdAgent') { Stop-Service $s }")).toEqual([
      ['agentDisabled', 1, "the script runs `Stop-Service $s` with $s = 'WindowsAzureGuestAgent'"],
      ['agentDisabled', 1, "the script runs `Stop-Service $s` with $s = 'RdAgent'"],
    ]);
    // Over a variable holding literals; the item as a parameter's name (it used to be read as 'Description,Start').
    expect(hits("$svcs = @('Fax', 'RdAgent')\nforeach ($s in $svcs) {\n  Set-Service $s -StartupType Disabled\n}")).toEqual([
      ['agentDisabled', 3, "the script runs `Set-Service $s -StartupType Disabled` with $s = 'RdAgent'"],
    ]);
    expect(hits("foreach ($k in 'Description', 'Start') { Set-ItemProperty HKLM:\\SYSTEM\\CurrentControlSet\\Services\\RdAgent -Name $k -Value 4 }")).toEqual([
      ['agentDisabled', 1, "the script runs `Set-ItemProperty HKLM:\\SYSTEM\\CurrentControlSet\\Services\\RdAgent -Name $k -Value 4` with $k = 'Start'"],
    ]);
    // A string item is a string: `+` joins it.
    expect(hits("foreach ($p in 'WindowsAzure') { $svc = $p + 'GuestAgent'; Stop-Service $svc }")).toEqual([
      ['agentDisabled', 1, "the script runs `Stop-Service $svc` with $svc = 'WindowsAzureGuestAgent'"],
    ]);
    // What the body does without the variable, once.
    expect(hits("foreach ($s in 'Fax', 'Spooler') { Stop-Service RdAgent }")).toEqual([['agentDisabled', 1, 'the script runs `Stop-Service RdAgent`']]);
  });

  it('reads a foreach statement over anything but literals (or past 16 of them) as before: its variable each item at once, or unresolved', async () => {
    const parsers = await guestParsers();
    const hits = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => [h.fact, h.line, h.sentence]);
    expect(hits('foreach ($s in Get-Content .\\services.txt) { Stop-Service $s }')).toEqual([]);
    expect(hits('foreach ($s in 1..3) { Stop-Service "svc$s" }')).toEqual([]);
    const many = Array.from({ length: 16 }, (_, i) => `'svc${i}'`).join(', ');
    const past = hits(`foreach ($s in ${many}, 'RdAgent') { Stop-Service $s }`);
    expect(past.map(([fact, line]) => [fact, line])).toEqual([['agentDisabled', 1]]);
    expect(past[0]![2]).toMatch(/^the script runs `Stop-Service \$s` with \$s = 'svc0', 'svc1', /);
    // In a script block inside the body (it may run later), each item at once.
    expect(hits("foreach ($s in 'Fax', 'RdAgent') { & { Stop-Service $s } }")).toEqual([['agentDisabled', 1, "the script runs `Stop-Service $s` with $s = 'Fax', 'RdAgent'"]]);
  });

  it('leaves $_ unresolved (and silent) unless a ForEach-Object block is fed literals: command output, Where-Object, nested blocks, a rebinding', async () => {
    const parsers = await guestParsers();
    const facts = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => h.fact);
    const stop = '{ Stop-Service $_ }';
    // Not a pipeline of literals: a command's output, a file, an unresolved or reassigned variable.
    expect(facts(`Get-Service WindowsAzureGuestAgent | ForEach-Object ${stop}`)).toEqual([]);
    expect(facts(`Get-Content .\\services.txt | % ${stop}`)).toEqual([]);
    expect(facts(`$services | % ${stop}`)).toEqual([]);
    expect(facts(`$svcs = 'WindowsAzureGuestAgent'\n$svcs = 'Spooler'\n$svcs | % ${stop}`)).toEqual([]);
    // Where-Object filters: $_ in its block is not bound, nor after it.
    expect(facts(`'WindowsAzureGuestAgent' | Where-Object ${stop}`)).toEqual([]);
    expect(facts(`'WindowsAzureGuestAgent', 'Spooler' | Where-Object { $_ -ne 'WindowsAzureGuestAgent' } | ForEach-Object ${stop}`)).toEqual([]);
    // $_ of another block, a switch, a catch; `-Begin` and `-Process` blocks; $_ written in the block; a member; outside any block.
    expect(facts(`'WindowsAzureGuestAgent' | % { Get-Service Spooler | % ${stop} }`)).toEqual([]);
    expect(facts(`'WindowsAzureGuestAgent' | % { & ${stop} }`)).toEqual([]);
    expect(facts("'WindowsAzureGuestAgent' | % { switch ('Spooler') { default { Stop-Service $_ } } }")).toEqual([]);
    expect(facts("'WindowsAzureGuestAgent' | % { try { throw 'x' } catch { Stop-Service $_ } }")).toEqual([]);
    expect(facts(`'WindowsAzureGuestAgent' | % ${stop} { }`)).toEqual([]);
    expect(facts("'WindowsAzureGuestAgent' | % { $_ = 'Spooler'; Stop-Service $_ }")).toEqual([]);
    expect(facts("'WindowsAzureGuestAgent' | % { Stop-Service $_.Name }")).toEqual([]);
    expect(facts('Stop-Service $_')).toEqual([]);
    // Past 16 literals, the block is read once with $_ unresolved.
    const many = Array.from({ length: 16 }, (_, i) => `'svc${i}'`).join(', ');
    expect(facts(`${many}, 'WindowsAzureGuestAgent' | % ${stop}`)).toEqual([]);
  });

  it('reads ForEach-Object -Process/-Begin/-End/-Parallel blocks (an ERROR node in the grammar) by the part each plays, -Process and -Parallel once per piped literal', async () => {
    const parsers = await guestParsers();
    const read = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' });
    const hits = (text: string) => read(text).hits.map((h) => [h.fact, h.line, h.sentence]);
    const process = "'WindowsAzureGuestAgent', 'RdAgent' | ForEach-Object -Process {\n  Stop-Service $_ -Force\n}";
    expect(hits(process)).toEqual([
      ['agentDisabled', 2, "the script runs `Stop-Service $_ -Force` with $_ = 'WindowsAzureGuestAgent'"],
      ['agentDisabled', 2, "the script runs `Stop-Service $_ -Force` with $_ = 'RdAgent'"],
    ]);
    // The grammar's only errors are the parameter names, read as such: the script is not marked unreadable.
    expect(read(process).unreadable).toEqual([]);
    expect(hits("'RdAgent' | % -Process:{ Stop-Service $_ }")).toEqual([['agentDisabled', 1, "the script runs `Stop-Service $_` with $_ = 'RdAgent'"]]);
    expect(hits("'RdAgent' | foreach -Proc { Set-Service $_ -StartupType Disabled }")).toEqual([['agentDisabled', 1, "the script runs `Set-Service $_ -StartupType Disabled` with $_ = 'RdAgent'"]]);
    // -Begin and -End run once, before and after the items: read once, `$_` unresolved in them.
    const parts = "'Spooler' | % -Begin {\n  Stop-Service RdAgent\n} -Process {\n  Stop-Service $_\n} -End {\n  Set-Service WindowsAzureGuestAgent -StartupType Disabled\n}";
    expect(hits(parts)).toEqual([
      ['agentDisabled', 2, 'the script runs `Stop-Service RdAgent`'],
      ['agentDisabled', 6, 'the script runs `Set-Service WindowsAzureGuestAgent -StartupType Disabled`'],
    ]);
    expect(hits("'RdAgent' | ForEach-Object -Begin { Write-Host start } -Process { Stop-Service $_ } -End { Write-Host done }").map(([fact, , sentence]) => [fact, sentence])).toEqual([
      ['agentDisabled', "the script runs `Stop-Service $_` with $_ = 'RdAgent'"],
    ]);
    // Positional blocks bind as ForEach-Object binds them: of two, the first is -Begin; of three or more, the last is -End.
    expect(hits("'RdAgent' | % { Write-Host start } { Stop-Service $_ }")).toEqual([['agentDisabled', 1, "the script runs `Stop-Service $_` with $_ = 'RdAgent'"]]);
    expect(hits("'RdAgent' | % -Begin { Write-Host start } { Stop-Service $_ } { Write-Host done }")).toEqual([['agentDisabled', 1, "the script runs `Stop-Service $_` with $_ = 'RdAgent'"]]);
    // The `foreach` alias parses without an error; -Begin and -Process named all the same.
    expect(hits("'RdAgent' | foreach -Begin { Write-Host start } -Process { Stop-Service $_ }")).toEqual([['agentDisabled', 1, "the script runs `Stop-Service $_` with $_ = 'RdAgent'"]]);
    // -Parallel (PowerShell 7): `$_` is the item; the script's variables are seen only as $using: (another runspace).
    expect(hits("'RdAgent' | ForEach-Object -Parallel { Stop-Service $_ }")).toEqual([['agentDisabled', 1, "the script runs `Stop-Service $_` with $_ = 'RdAgent'"]]);
    expect(hits("$svc = 'RdAgent'\n1 | ForEach-Object -Parallel { Stop-Service $using:svc }")).toEqual([['agentDisabled', 2, "the script runs `Stop-Service $using:svc` with $using:svc = 'RdAgent'"]]);
  });

  it('stays silent on ForEach-Object blocks whose part or parameters are not certain: $_ in -Begin/-End, other parameters, abbreviations that are ambiguous, -Parallel reading the caller', async () => {
    const parsers = await guestParsers();
    const read = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' });
    const facts = (text: string) => read(text).hits.map((h) => h.fact);
    const agent = "'WindowsAzureGuestAgent'";
    expect(facts(`${agent} | % -Begin { Stop-Service $_ } -Process { Write-Host x }`)).toEqual([]);
    expect(facts(`${agent} | % -Process { Write-Host x } -End { Stop-Service $_ }`)).toEqual([]);
    // The first of two positional blocks is -Begin; -Begin alone (no -Process) does not run as written.
    expect(facts(`${agent} | % { Stop-Service $_ } { Write-Host x }`)).toEqual([]);
    expect(facts(`${agent} | % -Begin { Stop-Service $_ }`)).toEqual([]);
    // -InputObject replaces the pipeline; `-Pro` is also -ProgressAction (PowerShell 7.4); a parameter given twice fails.
    expect(facts(`${agent} | % -InputObject 'Spooler' -Process { Stop-Service $_ }`)).toEqual([]);
    expect(facts(`${agent} | % -Pro { Stop-Service $_ }`)).toEqual([]);
    expect(read(`${agent} | % -Pro { Stop-Service $_ }`).unreadable.map((u) => u.reason)).toEqual(['script: the PowerShell script does not parse (line 1); commands outside the error were read']);
    expect(facts(`${agent} | % -Process { Stop-Service $_ } -Process { Write-Host x }`)).toEqual([]);
    // A -Parallel block runs in a runspace of its own: the caller's $svc is not there.
    expect(facts(`$svc = ${agent}\n1 | ForEach-Object -Parallel { Stop-Service $svc }`)).toEqual([]);
    expect(facts(`$svc = ${agent}\n1 | ForEach-Object -ThrottleLimit 5 -Parallel { Stop-Service $svc }`)).toEqual([]);
  });

  it("reads ForEach-Object's parallel-set parameters before -Parallel (-ThrottleLimit, -TimeoutSeconds, -AsJob, -UseNewRunspace) and blocks given as one array (-Process {a},{b}), where the grammar's ERROR holds only them", async () => {
    const parsers = await guestParsers();
    const read = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' });
    const hits = (text: string) => read(text).hits.map((h) => [h.fact, h.line, h.sentence]);
    const stopped = [['agentDisabled', 1, "the script runs `Stop-Service $_` with $_ = 'RdAgent'"]];
    for (const parameters of ['-ThrottleLimit 5', '-ThrottleLimit:2 -AsJob', '-TimeoutSeconds 30 -UseNewRunspace', '-Th 4 -Ti 0 -U', '-As']) {
      const text = `'RdAgent' | ForEach-Object ${parameters} -Parallel { Stop-Service $_ }`;
      expect([parameters, hits(text), read(text).unreadable]).toEqual([parameters, stopped, []]);
    }
    // -Process {a},{b} binds two scripts: the first runs as -Begin ($_ unbound there), the second once per item.
    expect(hits("'RdAgent' | ForEach-Object -Process { Write-Host start },{ Stop-Service $_ }")).toEqual(stopped);
    expect(read("'RdAgent' | ForEach-Object -Process { Write-Host start },{ Stop-Service $_ }").unreadable).toEqual([]);
    expect(hits("'WindowsAzureGuestAgent' | ForEach-Object -Process { Stop-Service $_ },{ Write-Host done }")).toEqual([]);
  });

  it('stays silent on ForEach-Object parameter mixes it cannot bind for certain: a value out of range or not a literal, -TimeoutSeconds with -AsJob, -WhatIf, a parallel-set parameter without -Parallel, an ambiguous prefix, an array for -Begin, what the grammar splits oddly', async () => {
    const parsers = await guestParsers();
    const facts = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => h.fact);
    const agent = "'WindowsAzureGuestAgent'";
    for (const parameters of ['-ThrottleLimit 0', '-ThrottleLimit $n', '-TimeoutSeconds 9999999', '-TimeoutSeconds 30 -AsJob', '-AsJob:$false', '-T 5', '-A', '-ThrottleLimit 5 -ThrottleLimit 6', '-ThrottleLimit', '-WhatIf']) {
      expect([parameters, facts(`${agent} | ForEach-Object ${parameters} -Parallel { Stop-Service $_ }`)]).toEqual([parameters, []]);
    }
    expect(facts(`${agent} | ForEach-Object -ThrottleLimit 5 -Process { Stop-Service $_ }`)).toEqual([]);
    expect(facts(`${agent} | ForEach-Object -Begin { Write-Host a },{ Write-Host b } -Process { Stop-Service $_ }`)).toEqual([]);
    // An empty block `{}` is a missing statement for the grammar (another error): the text is read as it parses.
    expect(facts(`${agent} | % -Begin {} -Process { Write-Host a },{ Stop-Service $_ } -End {}`)).toEqual([]);
  });

  it('reads blocks given to ForEach-Object as one array however the commas are spaced (`{a}, {b}`, `{a} , {b}`, a comma ending the line), of three or more, with parameters after them, by the foreach alias, at the lines of the blocks', async () => {
    const parsers = await guestParsers();
    const read = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' });
    const outcome = (text: string) => [read(text).hits.map((h) => [h.fact, h.line, h.sentence]), read(text).unreadable];
    const stopped = (line: number) => [[['agentDisabled', line, "the script runs `Stop-Service $_` with $_ = 'RdAgent'"]], []];
    // Two blocks: the first runs as -Begin, the second once per item.
    for (const array of ['{ Write-Host a }, { Stop-Service $_ }', '{ Write-Host a } , { Stop-Service $_ }', '{ Write-Host a }<# first #>, { Stop-Service $_ }']) {
      for (const call of [`ForEach-Object -Process ${array}`, `% ${array}`, `foreach -Process ${array}`, `ForEach-Object -Process:${array}`]) {
        expect([call, outcome(`'RdAgent' | ${call}`)]).toEqual([call, stopped(1)]);
      }
    }
    // `{a} ,{b}`: only where the grammar's own tree of the call reads it (a lone comma ERROR); a plain command's tree has another error there.
    for (const call of ['ForEach-Object -Process { Write-Host a } ,{ Stop-Service $_ }', '% { Write-Host a } ,{ Stop-Service $_ }']) expect([call, outcome(`'RdAgent' | ${call}`)]).toEqual([call, stopped(1)]);
    // Three blocks and no -End: the last is the end block; with -End after the array, all but the first run per item.
    for (const array of ['{ Write-Host a }, { Stop-Service $_ }, { Write-Host c }', '{ Write-Host a } , { Stop-Service $_ } , { Write-Host c }', '{ Write-Host a } , { Stop-Service $_ }, { Write-Host c }', '{ Write-Host a },{ Stop-Service $_ },{ Write-Host c }']) {
      for (const call of [`ForEach-Object -Process ${array}`, `% ${array}`, `foreach ${array}`]) expect([call, outcome(`'RdAgent' | ${call}`)]).toEqual([call, stopped(1)]);
    }
    expect(outcome("'RdAgent' | ForEach-Object -Process { Write-Host a }, { Write-Host b }, { Stop-Service $_ } -End { Write-Host done }")).toEqual(stopped(1));
    expect(outcome("'RdAgent' | % { Write-Host a }, { Stop-Service $_ } -End { Write-Host done }")).toEqual(stopped(1));
    // A comma at a line's end: PowerShell reads on to the next line (the grammar splits the statement).
    expect(outcome("'RdAgent' | ForEach-Object -Process {\n  Write-Host a\n},\n{\n  Stop-Service $_\n}")).toEqual(stopped(5));
    expect(outcome("'RdAgent' | ForEach-Object -Process { Write-Host a } ,\n  { Stop-Service $_ } -End { Write-Host done }")).toEqual(stopped(2));
    // The first positional array binds -Process; a lone array after -Process goes to -RemainingScripts, unrolled.
    expect(outcome("'RdAgent' | % -Begin { Write-Host a } { Write-Host b }, { Stop-Service $_ } -End { Write-Host done }")).toEqual(stopped(1));
    expect(outcome("'RdAgent' | % -End { Write-Host done } { Write-Host a }, { Stop-Service $_ }")).toEqual(stopped(1));
    expect(outcome("'RdAgent' | % -Process { Write-Host a } { Write-Host b }, { Stop-Service $_ } -End { Write-Host done }")).toEqual(stopped(1));
    // [a, b, stop]: three scripts and no -End, the last is the end block, where $_ is unbound.
    expect(outcome("'WindowsAzureGuestAgent' | % { Write-Host a } { Write-Host b }, { Stop-Service $_ }")).toEqual([[], []]);
  });

  it('stays silent on arrays of ForEach-Object blocks that do not bind for certain: an array among other remaining blocks, a comma that starts an argument, two commas, an array for -Begin, -End or -Parallel, an array holding anything but blocks', async () => {
    const parsers = await guestParsers();
    const facts = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => h.fact);
    const agent = "'WindowsAzureGuestAgent'";
    const unbound = [
      // -RemainingScripts given an array and a block: an array is not a script block, the call fails.
      '% { Write-Host a } { Write-Host b },{ Stop-Service $_ } { Write-Host c }',
      'foreach { Write-Host a } { Write-Host b } , { Stop-Service $_ } { Write-Host c }',
      'ForEach-Object -Process { Write-Host a } { Write-Host b }, { Stop-Service $_ } { Write-Host c }',
      // A comma where an argument starts, two commas (an array in the array): PowerShell does not take these as blocks.
      'foreach , { Stop-Service $_ }',
      'foreach -Process , { Stop-Service $_ }',
      'foreach { Write-Host a } , , { Stop-Service $_ }',
      'foreach { Write-Host a },, { Stop-Service $_ }',
      // -Begin, -End and -Parallel take one block.
      'ForEach-Object -Begin { Write-Host a }, { Write-Host b } -Process { Stop-Service $_ }',
      'ForEach-Object -Process { Stop-Service $_ } -End { Write-Host a }, { Write-Host b }',
      'ForEach-Object -Parallel { Stop-Service $_ }, { Write-Host b }',
      'ForEach-Object -Parallel { Write-Host b } , { Stop-Service $_ } -ThrottleLimit 5',
      // Not only blocks.
      "ForEach-Object -Process { Write-Host a }, 'b', { Stop-Service $_ }",
      'ForEach-Object -Process { Write-Host a }, { Stop-Service $_ }.Ast',
      'ForEach-Object -ThrottleLimit 5, 6 -Parallel { Stop-Service $_ }',
    ];
    for (const call of unbound) expect([call, facts(`${agent} | ${call}`)]).toEqual([call, []]);
  });

  it('reads ForEach-Object parameters right after a block, with no space (`}-ThrottleLimit 5`, `}-End {`): PowerShell starts a parameter at a dash after `}`; and % with a block followed by named blocks', async () => {
    const parsers = await guestParsers();
    const read = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' });
    const outcome = (text: string) => [read(text).hits.map((h) => [h.fact, h.line, h.sentence]), read(text).unreadable.map((u) => u.reason)];
    const stopped = (line: number) => [[['agentDisabled', line, "the script runs `Stop-Service $_` with $_ = 'WindowsAzureGuestAgent'"]], []];
    const names = "$names = 'Spooler', 'WindowsAzureGuestAgent'\n";
    expect(outcome(`${names}$names | ForEach-Object -Parallel { Stop-Service $_ }-ThrottleLimit 5`)).toEqual(stopped(2));
    expect(outcome(`${names}$names | ForEach-Object -Parallel {\n  Stop-Service $_\n}-ThrottleLimit 5 -AsJob`)).toEqual(stopped(3));
    expect(outcome(`${names}$names | % -Parallel { Stop-Service $_ }-ThrottleLimit:5`)).toEqual(stopped(2));
    for (const call of ['% { Stop-Service $_ } -End { Write-Host done }', '%{ Stop-Service $_ }-End{ Write-Host done }', '% -Begin { Write-Host a } { Stop-Service $_ }', '% -Begin{ Write-Host a }{ Stop-Service $_ }', '% { Write-Host a } { Stop-Service $_ } -End { Write-Host b }', '% { Stop-Service $_ } -Begin { Write-Host a } -End { Write-Host b }']) {
      expect([call, outcome(`${names}$names | ${call}`)]).toEqual([call, stopped(2)]);
    }
    // Not bound for certain, as with a space: a value out of range, -WhatIf, an ambiguous prefix (-Pro is also -ProgressAction).
    const notParsing = [[], ['script: the PowerShell script does not parse (line 2); commands outside the error were read']];
    for (const call of ['ForEach-Object -Parallel { Stop-Service $_ }-ThrottleLimit 0', 'ForEach-Object -Parallel { Stop-Service $_ }-WhatIf', '% -Begin { Write-Host a }-Pro { Stop-Service $_ }']) {
      expect([call, outcome(`${names}$names | ${call}`)]).toEqual([call, notParsing]);
    }
  });

  it("reads ForEach-Object's parameters after its block (`-Parallel { … } -ThrottleLimit 5`, the documentation's form, an ERROR in the grammar) from a copy where it parses as a plain command, at the text's lines, and lifts the not-parsing mark", async () => {
    const parsers = await guestParsers();
    const read = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' });
    const hits = (text: string) => read(text).hits.map((h) => [h.fact, h.line, h.sentence]);
    const stopped = [['agentDisabled', 1, "the script runs `Stop-Service $_` with $_ = 'RdAgent'"]];
    for (const parameters of ['-ThrottleLimit 5', '-ThrottleLimit:2 -AsJob', '-TimeoutSeconds 30 -UseNewRunspace', '-Th 4 -Ti 0 -U', '-As', '-TimeoutSeconds 2147483', '-ThrottleLimit 2147483647']) {
      for (const name of ['ForEach-Object', '%']) {
        const text = `'RdAgent' | ${name} -Parallel { Stop-Service $_ } ${parameters}`;
        expect([text, hits(text), read(text).unreadable]).toEqual([text, stopped, []]);
      }
    }
    // The documentation's example: a list in a variable, the block over lines, the limit after it; read at the block's line.
    const documented = "$names = 'Spooler', 'WindowsAzureGuestAgent'\n$names | ForEach-Object -Parallel {\n  Stop-Service -Name $_ -Force\n} -ThrottleLimit 5";
    expect(hits(documented)).toEqual([['agentDisabled', 3, "the script runs `Stop-Service -Name $_ -Force` with $_ = 'WindowsAzureGuestAgent'"]]);
    // Lines and offsets are the text's: CRLF line ends, characters of two UTF-16 units before the call.
    const crlf = "# café 🚀\r\n$names = 'Spooler', 'WindowsAzureGuestAgent' # 🚀🚀\r\n$names | ForEach-Object -Parallel {\r\n  Stop-Service $_\r\n} -ThrottleLimit 5\r\n";
    expect([hits(crlf), read(crlf).unreadable]).toEqual([[['agentDisabled', 4, "the script runs `Stop-Service $_` with $_ = 'WindowsAzureGuestAgent'"]], []]);
    // A switch after the block made the grammar's ERROR swallow the next lines: they are read too, at their lines.
    const asJob = "'Spooler' | ForEach-Object -Parallel { Stop-Service $_ } -AsJob\nGet-Job | Wait-Job\nSet-Service WindowsAzureGuestAgent -StartupType Disabled";
    expect(hits(asJob)).toEqual([['agentDisabled', 3, 'the script runs `Set-Service WindowsAzureGuestAgent -StartupType Disabled`']]);
    expect(read(asJob).unreadable).toEqual([]);
    // A line continued with a backtick; a comment after the parameters; calls nested in each other's blocks.
    expect(hits("'RdAgent' | ForEach-Object -Parallel {\n  Stop-Service $_\n} `\n  -ThrottleLimit 5 # five at once")).toEqual([['agentDisabled', 2, "the script runs `Stop-Service $_` with $_ = 'RdAgent'"]]);
    const nested = `1 | ${'% -Parallel { 1 | '.repeat(2)}% -Parallel { Stop-Service WindowsAzureGuestAgent${' } -ThrottleLimit 5'.repeat(3)}`;
    expect([hits(nested), read(nested).unreadable]).toEqual([[['agentDisabled', 1, 'the script runs `Stop-Service WindowsAzureGuestAgent`']], []]);
    // A -Parallel block runs in a runspace of its own: $using:svc is the caller's, $svc is not there.
    expect(hits("$svc = 'RdAgent'\n1 | ForEach-Object -Parallel { Stop-Service $using:svc } -ThrottleLimit 5")).toEqual([['agentDisabled', 2, "the script runs `Stop-Service $using:svc` with $using:svc = 'RdAgent'"]]);
    expect(hits("$svc = 'RdAgent'\n1 | ForEach-Object -Parallel { Stop-Service $svc } -ThrottleLimit 5")).toEqual([]);
    // After Where-Object, $_ is not a literal: read, and silent.
    const filtered = "'Spooler', 'WindowsAzureGuestAgent' | Where-Object { $_ -ne 'WindowsAzureGuestAgent' } | ForEach-Object -Parallel { Stop-Service $_ } -ThrottleLimit 5";
    expect([hits(filtered), read(filtered).unreadable]).toEqual([[], []]);
  });

  it('reads parameters after a ForEach-Object block only when each is understood and the copy parses without another error; otherwise the text is read as before, marked as not parsing', async () => {
    const parsers = await guestParsers();
    const read = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' });
    const outcome = (text: string) => [read(text).hits.map((h) => h.fact), read(text).unreadable.map((u) => u.reason)];
    const notParsing = (line: number) => [[], [`script: the PowerShell script does not parse (line ${line}); commands outside the error were read`]];
    const agent = "'WindowsAzureGuestAgent'";
    // Each pair: the form read, then one like it that ForEach-Object's binding does not take for certain.
    const pairs: [string, string][] = [
      ['-ThrottleLimit 1', '-ThrottleLimit 0'],
      ['-ThrottleLimit 5', '-ThrottleLimit $n'],
      ['-TimeoutSeconds 2147483', '-TimeoutSeconds 2147484'],
      ['-TimeoutSeconds 30', '-TimeoutSeconds 30 -AsJob'],
      ['-AsJob', '-AsJob:$false'],
      ['-UseNewRunspace', '-WhatIf'],
      ['-ThrottleLimit 5', '-ThrottleLimit 5 -ErrorAction Stop'],
      ['-ThrottleLimit 5', '-ThrottleLimit 5 -ThrottleLimit 6'],
      ['-Th 5', '-T 5'],
      ['-ThrottleLimit 5', '-ThrottleLimit'],
    ];
    for (const [understood, not] of pairs) {
      expect([understood, outcome(`${agent} | ForEach-Object -Parallel { Stop-Service $_ } ${understood}`)]).toEqual([understood, [['agentDisabled'], []]]);
      expect([not, outcome(`${agent} | ForEach-Object -Parallel { Stop-Service $_ } ${not}`)]).toEqual([not, notParsing(1)]);
    }
    // A parallel-set parameter without -Parallel: the call fails.
    expect(outcome(`${agent} | ForEach-Object -Process { Stop-Service $_ } -ThrottleLimit 5`)).toEqual(notParsing(1));
    // Another syntax error in the text, which the copy keeps: the text is read as it parses, marked.
    expect(outcome(`${agent} | ForEach-Object -Parallel { Stop-Service $_ } -ThrottleLimit 5\nWrite-Host (`)).toEqual(notParsing(1));
    expect(outcome(`Write-Host (\n${agent} | ForEach-Object -Parallel { Stop-Service $_ } -ThrottleLimit 5`)).toEqual(notParsing(1));
  });

  it('bounds the copy read for ForEach-Object parameters after a block: one copy per text, 1,000 calls read, 5,000 read as before (marked), 50,000 nested remainder operators, each in about a second', async () => {
    const parsers = await guestParsers();
    const read = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' });
    const call = "'RdAgent' | ForEach-Object -Parallel { Stop-Service $_ } -ThrottleLimit 5\n";
    let started = Date.now();
    const thousand = read(call.repeat(1000));
    expect([thousand.hits.length > 0, thousand.unreadable]).toEqual([true, []]);
    expect(Date.now() - started).toBeLessThan(4000);
    started = Date.now();
    const many = read(call.repeat(5000));
    expect([many.hits, many.unreadable.map((u) => u.reason)]).toEqual([[], ['script: the PowerShell script does not parse (line 1); commands outside the error were read']]);
    expect(Date.now() - started).toBeLessThan(8000);
    // `%` as the remainder operator 50,000 deep before a syntax error: no token is asked for its parent (a walk from the root each).
    started = Date.now();
    expect(read(`$a = 1${' % 1'.repeat(50_000)}\nWrite-Host (`).hits).toEqual([]);
    expect(Date.now() - started).toBeLessThan(8000);
  }, 60_000);

  it('bounds ForEach-Object blocks read once per literal: 5,000 blocks, 5,000 stages and 300 nested calls take a second or so', async () => {
    const parsers = await guestParsers();
    const read = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' });
    const started = Date.now();
    // 16 literals × 5,000 process blocks is past the read-again budget: read once, $_ unresolved.
    const sixteen = Array.from({ length: 15 }, (_, i) => `'svc${i}', `).join('') + "'RdAgent'";
    expect(read(`${sixteen} | % ${'{ Stop-Service $_ } '.repeat(5000)}`).hits).toEqual([]);
    // Only the first stage is fed literals.
    expect(read(`'RdAgent' ${'| % -Process { Stop-Service $_ } '.repeat(5000)}`).hits.map((h) => h.sentence)).toEqual(["the script runs `Stop-Service $_` with $_ = 'RdAgent'"]);
    // Past two levels of blocks read per literal, the inner ones are read once.
    const nested = `'RdAgent' | ${"% -Process { 'RdAgent' | ".repeat(300)}% -Process { Stop-Service $_ }${' }'.repeat(300)}`;
    expect(read(nested).hits).toEqual([]);
    expect(read(nested).unreadable).toEqual([]);
    expect(Date.now() - started).toBeLessThan(8000);
  }, 60_000);

  it('bounds ForEach-Object calls given many blocks, read once per literal: 10,000 in one array with -End after it, 10,000 positional ones, 50,000 commas before a block, each in about a second (the block around each $_ is found by a search, not a scan)', async () => {
    const parsers = await guestParsers();
    const read = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' });
    const stop = "the script runs `Stop-Service $_` with $_ = 'RdAgent'";
    const started = Date.now();
    const array = read(`'RdAgent' | % -Process { Write-Host a }${', { Stop-Service $_ }'.repeat(10_000)} -End { Write-Host b }`);
    expect([array.hits.length > 0 && array.hits.every((h) => h.sentence === stop), array.unreadable]).toEqual([true, []]);
    const positional = read(`'RdAgent' | % { Write-Host a }${' { Stop-Service $_ }'.repeat(10_000)} { Write-Host b }`);
    expect([positional.hits.length > 0 && positional.hits.every((h) => h.sentence === stop), positional.unreadable]).toEqual([true, []]);
    // A comma after a comma is no block: read as before.
    expect(read(`'RdAgent' | foreach { Write-Host a } ${', '.repeat(50_000)}{ Stop-Service $_ }`).hits).toEqual([]);
    expect(Date.now() - started).toBeLessThan(8000);
  }, 60_000);

  it("reads a PowerShell variable built from a loop's variable (a foreach's, $_ of a ForEach-Object fed literals) where the loop's body assigns it before, in every pass", async () => {
    const parsers = await guestParsers();
    const hits = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => [h.fact, h.line, h.sentence]);
    // A foreach's variable is each item in turn: so is a string built from it.
    expect(hits("foreach ($s in 'Spooler', 'WindowsAzureGuestAgent') {\n  $name = \"$s\"\n  Stop-Service $name\n}")).toEqual([
      ['agentDisabled', 3, "the script runs `Stop-Service $name` with $name = 'WindowsAzureGuestAgent'"],
    ]);
    expect(hits("foreach ($s in 'Agent') {\n  $svc = 'WindowsAzureGuest' + $s\n  Stop-Service $svc\n}")).toEqual([
      ['agentDisabled', 3, "the script runs `Stop-Service $svc` with $svc = 'WindowsAzureGuestAgent'"],
    ]);
    // In a ForEach-Object block read once per literal, a variable built from $_ is this pass's value; chains of them too.
    expect(hits("'Spooler', 'WindowsAzureGuestAgent' | ForEach-Object {\n  $svc = \"$_\"\n  Stop-Service $svc\n}")).toEqual([
      ['agentDisabled', 3, "the script runs `Stop-Service $svc` with $svc = 'WindowsAzureGuestAgent'"],
    ]);
    expect(hits("'RdAgent' | % -Process { $n = $PSItem; Stop-Service -Name $n }")).toEqual([['agentDisabled', 1, "the script runs `Stop-Service -Name $n` with $n = 'RdAgent'"]]);
    expect(hits("'WindowsAzure' | % {\n  $svc = $_ + 'GuestAgent'\n  $key = \"HKLM:\\SYSTEM\\CurrentControlSet\\Services\\$svc\"\n  Set-ItemProperty $key Start 4\n}")).toEqual([
      ['agentDisabled', 4, "the script runs `Set-ItemProperty $key Start 4` with $key = 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\WindowsAzureGuestAgent'"],
    ]);
  });

  it("leaves a PowerShell variable built from a loop's variable unresolved where it may hold another pass's value, or none", async () => {
    const parsers = await guestParsers();
    const facts = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => h.fact);
    const agentLast = "'Spooler', 'RdAgent'";
    // Assigned under an `if` (a pass may keep the last pass's value), read after the loop, in a function or a script block.
    expect(facts(`foreach ($s in ${agentLast}) { if ($s -eq 'Spooler') { $n = $s }; Stop-Service $n }`)).toEqual([]);
    expect(facts(`${agentLast} | % { if ($_ -eq 'Spooler') { $n = "$_" }; Stop-Service $n }`)).toEqual([]);
    expect(facts(`foreach ($s in ${agentLast}) { $n = "$s" }\nStop-Service $n`)).toEqual([]);
    expect(facts(`${agentLast} | % { $n = "$_" }\nStop-Service $n`)).toEqual([]);
    expect(facts(`foreach ($s in ${agentLast}) { $n = "$s"; function Stop-It { Stop-Service $n }; Stop-It }`)).toEqual([]);
    expect(facts(`${agentLast} | % { $n = "$_"; & { Stop-Service $n } }`)).toEqual([]);
    // Given another value elsewhere, built from two loops' variables, fed by a command, `+` on a loop's variable that is a number.
    expect(facts(`$n = 'Spooler'\n'RdAgent' | % { $n = "$_"; Stop-Service $n }`)).toEqual([]);
    expect(facts(`foreach ($s in ${agentLast}) { foreach ($t in '') { $n = "$s$t"; Stop-Service $n } }`)).toEqual([]);
    expect(facts('Get-Content .\\services.txt | % { $n = "$_"; Stop-Service $n }')).toEqual([]);
    expect(facts("foreach ($s in 1) { $n = $s + 'RdAgent'; Stop-Service $n }")).toEqual([]);
  });

  it("stays silent on a loop's per-pass value read under a condition, after a return/continue, or before a break in the loop's body", async () => {
    const parsers = await guestParsers();
    const facts = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => [h.fact, h.line]);
    const list = "'Fax', 'WindowsAzureGuestAgent'";
    // These used to be read in every pass: `Stop-Service $_ with $_ = 'WindowsAzureGuestAgent'` (a false positive).
    expect(facts(`${list} | ForEach-Object { if ($_ -ne 'WindowsAzureGuestAgent') { Stop-Service $_ } }`)).toEqual([]);
    expect(facts(`${list} | % -Process { if ($_ -notlike 'WindowsAzure*') { Stop-Service $_ } }`)).toEqual([]);
    expect(facts(`foreach ($s in ${list}) { if ($s -ne 'WindowsAzureGuestAgent') { Stop-Service $s } }`)).toEqual([]);
    expect(facts(`${list} | % { if ($_ -like 'WindowsAzure*') { return }\n  Stop-Service $_ }`)).toEqual([]);
    expect(facts(`foreach ($s in ${list}) { if ($s -like 'WindowsAzure*') { continue }; $n = "$s"; Stop-Service $n }`)).toEqual([]);
    expect(facts(`${list} | % { switch ($_) { 'Fax' { Stop-Service $_ } } }`)).toEqual([]);
    expect(facts(`${list} | % { ($_ -ne 'WindowsAzureGuestAgent') -and (Stop-Service $_) }`)).toEqual([]);
    expect(facts(`${list} | % { Test-Path "C:\\keep\\$_" || Stop-Service $_ }`)).toEqual([]);
    // After the read, `break` (or `exit`, `throw`) may end the loop before the later passes.
    expect(facts(`foreach ($s in ${list}) { Stop-Service $s; break }`)).toEqual([]);
    expect(facts(`${list} | % { Stop-Service $_; exit 0 }`)).toEqual([]);
    // A condition that always holds, a `return` (ForEach-Object) or `continue` (foreach) after the read, a chain whose
    // read comes first: read in every pass.
    expect(facts(`${list} | % { if ($true) { Stop-Service $_ } }`)).toEqual([['agentDisabled', 1]]);
    expect(facts(`${list} | % {\n  Stop-Service $_\n  return\n}`)).toEqual([['agentDisabled', 2]]);
    expect(facts(`${list} | % { Stop-Service $_ && Write-Host stopped }`)).toEqual([['agentDisabled', 1]]);
    expect(facts(`foreach ($s in ${list}) { Stop-Service $s; continue }`)).toEqual([['agentDisabled', 1]]);
  });

  it('bounds variables built from $_ in ForEach-Object passes: 16 literals through a chain of 20 and 600 reads take seconds at most', async () => {
    const parsers = await guestParsers();
    const read = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' });
    const sixteen = Array.from({ length: 15 }, (_, i) => `'svc${i}', `).join('') + "'RdAgent'";
    const chain = Array.from({ length: 20 }, (_, i) => `$v${i + 1} = "$v${i}"`).join('\n');
    const started = Date.now();
    // Each link is read in text order (the one before it known in this pass), once per pass: only the last pass stops an agent.
    const ctx = read(`${sixteen} | % {\n$v0 = "$_"\n${chain}\n${'Stop-Service $v20\nStop-Service $v10\n'.repeat(300)}}`);
    expect(Date.now() - started).toBeLessThan(10000);
    expect(ctx.hits).toHaveLength(200);
    expect(ctx.hits.slice(0, 2).map((h) => h.sentence)).toEqual(["the script runs `Stop-Service $v20` with $v20 = 'RdAgent'", "the script runs `Stop-Service $v10` with $v10 = 'RdAgent'"]);
  }, 60_000);

  it('resolves variables in one pass over the tree: 600 reads 300 script blocks deep take well under a second, not minutes', async () => {
    const parsers = await guestParsers();
    const text = `$svc = 'WindowsAzureGuestAgent'\n${'& { '.repeat(300)}${'Stop-Service $svc\n'.repeat(600)}${' }'.repeat(300)}`;
    const started = Date.now();
    const ctx = readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(ctx.hits).toHaveLength(200);
    expect(ctx.hits[0]!.sentence).toBe("the script runs `Stop-Service $svc` with $svc = 'WindowsAzureGuestAgent'");
  }, 60_000);

  it('reads a shell variable whose every assignment is one literal as that literal, in command names, arguments and redirect targets', async () => {
    const parsers = await guestParsers();
    const hits = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'shell' }).hits;
    const facts = (text: string) => hits(text).map((h) => [h.fact, h.line]);
    expect(hits('AGENT=walinuxagent; systemctl stop $AGENT')[0]!.sentence).toBe("the script runs `systemctl stop $AGENT` with $AGENT = 'walinuxagent'");
    expect(facts('svc=walinuxagent\necho "disabling $svc"\nsystemctl disable "$svc"')).toEqual([['agentDisabled', 3]]);
    // `${NAME}`, quotes of every kind, readonly / declare -r / export / local in the function that reads it, the same literal twice.
    expect(facts('readonly AGENT="walinuxagent"\nsystemctl mask "${AGENT}.service"')).toEqual([['agentDisabled', 2]]);
    expect(facts("declare -r UNIT='walinuxagent'\nexport VERB=stop\nsystemctl $VERB $UNIT")).toEqual([['agentDisabled', 3]]);
    expect(facts('stop_agent() {\n  local unit=walinuxagent\n  systemctl stop "$unit"\n}\nstop_agent')).toEqual([['agentDisabled', 3]]);
    expect(facts('A=walinuxagent\nA=walinuxagent\nservice $A stop')).toEqual([['agentDisabled', 3]]);
    // A variable holding `.` (or a builtin's name) that is never run as a command changes nothing.
    expect(facts('OUT=.\nA=walinuxagent\nservice $A stop')).toEqual([['agentDisabled', 3]]);
    // A command name, an iptables address, a package.
    expect(facts('SYSTEMCTL=/usr/bin/systemctl\nsudo $SYSTEMCTL stop walinuxagent')).toEqual([['agentDisabled', 2]]);
    expect(facts('WIRE=168.63.129.16\niptables -A OUTPUT -d "$WIRE" -j DROP')).toEqual([['wireserverBlocked', 2]]);
    expect(facts('PKG=walinuxagent\napt-get purge -y $PKG')).toEqual([['agentDisabled', 2]]);
    // Undos read the variable too: the later start or enable restores the agent.
    expect(facts('AGENT=walinuxagent\nsystemctl stop $AGENT\nsystemctl start $AGENT').map(([fact]) => fact)).toEqual(['agentDisabled', 'serviceRestored']);
    // /etc/waagent.conf named by a variable: a redirect target (whole, or "$DIR/$FILE"), sed -i and tee.
    const disabled = [['waagent', 2], ['agentDisabled', 2]];
    expect(facts("CONF=/etc/waagent.conf\necho 'Extensions.Enabled=n' >> $CONF")).toEqual(disabled);
    expect(facts("DIR=/etc; FILE=waagent.conf\necho 'Extensions.Enabled=n' >> \"$DIR/$FILE\"")).toEqual(disabled);
    expect(facts("CONF=/etc/waagent.conf\nsed -i 's/^Extensions.Enabled=y/Extensions.Enabled=n/' \"$CONF\"")).toEqual(disabled);
    expect(facts("CONF=/etc/waagent.conf\necho 'Extensions.Enabled=n' | sudo tee -a \"$CONF\"")).toEqual(disabled);
    expect(facts('CONF=/etc/waagent.conf\ncat >> $CONF <<EOF\nExtensions.Enabled=n\nEOF')).toEqual([['waagent', 3], ['agentDisabled', 3]]);
    // A heredoc under an unquoted delimiter expands its variables; under a quoted one it is written as it is.
    const proxy = readGuestText(parsers, { label: 'script', text: 'PROXY=10.0.0.5\ncat >> /etc/waagent.conf <<EOF\nHttpProxy.Host=$PROXY\nHttpProxy.Port=3128\nEOF', at: { file: 'x.json' }, base64: false, language: 'shell' });
    expect(proxy.hits.filter((h) => h.fact === 'proxy').map((h) => [h.proxy, h.line, h.sentence])).toEqual([
      [{ scope: 'waagent', host: '10.0.0.5', port: 3128 }, 3, "the script appends `HttpProxy.Host=10.0.0.5` to /etc/waagent.conf with $PROXY = '10.0.0.5'"],
    ]);
    expect(facts('V=n\ncat >> /etc/waagent.conf <<EOF\nExtensions.Enabled=${V}\nEOF')).toEqual([['waagent', 3], ['agentDisabled', 3]]);
    expect(facts("V=n\ncat >> /etc/waagent.conf <<'EOF'\nExtensions.Enabled=$V\nEOF")).toEqual([['waagent', 3]]);
    expect(facts('V=n\ncat >> /etc/waagent.conf <<EOF\nExtensions.Enabled=$V\n$(date)\nEOF')).toEqual([['waagent', 3]]);
    expect(facts('LINE=Extensions.Enabled=n\necho "$LINE" >> /etc/waagent.conf')).toEqual(disabled);
    // A `for` over literals: its body read once per literal; what the body does without the variable, reported once.
    expect(hits('for unit in snapd walinuxagent; do\n  systemctl disable "$unit"\ndone').map((h) => [h.fact, h.line, h.sentence])).toEqual([
      ['agentDisabled', 2, "the script runs `systemctl disable \"$unit\"` with $unit = 'walinuxagent'"],
    ]);
    expect(facts('for s in one two; do\n  echo "$s"\n  systemctl stop walinuxagent\ndone')).toEqual([['agentDisabled', 3]]);
    expect(facts('for s in walinuxagent; do systemctl stop $s; systemctl start "$s"; done').map(([fact]) => fact)).toEqual(['agentDisabled', 'serviceRestored']);
    expect(hits("CONF=/etc/waagent.conf\necho 'Extensions.Enabled=n' >> $CONF")[1]!.sentence).toBe(
      "the script appends `Extensions.Enabled=n` to /etc/waagent.conf with $CONF = '/etc/waagent.conf'",
    );
  });

  it('reads the runcmd strings of a cloud-config as the one script cloud-init writes: a variable one entry sets is read by the next, at its entry\'s line', async () => {
    const parsers = await guestParsers();
    const hits = (text: string) => readGuestText(parsers, { label: 'customData', text, at: { file: 'x.json' }, base64: false, language: 'shell' }).hits.map((h) => [h.fact, h.line, h.sentence]);
    const entries = '#cloud-config\nruncmd:\n  - AGENT=walinuxagent\n  - echo "stopping $AGENT"\n  - |\n    systemctl stop "$AGENT"\n    systemctl disable "$AGENT"\n  - CONF=/etc/waagent.conf\n  - "echo Extensions.Enabled=n >> $CONF"\n';
    expect(hits(entries)).toEqual([
      ['agentDisabled', 6, 'cloud-init runcmd runs `systemctl stop "$AGENT"` with $AGENT = \'walinuxagent\''],
      ['agentDisabled', 7, 'cloud-init runcmd runs `systemctl disable "$AGENT"` with $AGENT = \'walinuxagent\''],
      ['waagent', 9, "cloud-init runcmd appends `Extensions.Enabled=n` to /etc/waagent.conf with $CONF = '/etc/waagent.conf'"],
      ['agentDisabled', 9, "cloud-init runcmd appends `Extensions.Enabled=n` to /etc/waagent.conf with $CONF = '/etc/waagent.conf'"],
    ]);
    // Argv entries are written quoted, in their place: a start undoes the stop before it; `$AGENT` in an argv is a literal word.
    const mixed = '#cloud-config\nruncmd:\n  - AGENT=walinuxagent\n  - [systemctl, stop, walinuxagent]\n  - systemctl start "$AGENT"\n  - [systemctl, disable, $AGENT]\n';
    expect(hits(mixed).map(([fact, line]) => [fact, line])).toEqual([['agentDisabled', 4], ['serviceRestored', 5]]);
    // A list holding anything else than strings and argv lists is read entry by entry: the variable stays unresolved.
    expect(hits('#cloud-config\nruncmd:\n  - AGENT=walinuxagent\n  - {x: 1}\n  - systemctl stop $AGENT\n')).toEqual([]);
  });

  it("reads no runcmd entry after one that exits: cloud-init's script ends there (an exit under a condition ends nothing)", async () => {
    const parsers = await guestParsers();
    const hits = (text: string) => readGuestText(parsers, { label: 'customData', text, at: { file: 'x.json' }, base64: false, language: 'shell' }).hits.map((h) => [h.fact, h.line, h.sentence]);
    expect(hits('#cloud-config\nruncmd:\n  - apt-get update\n  - exit 0\n  - [systemctl, stop, walinuxagent]\n  - systemctl disable walinuxagent\n')).toEqual([]);
    expect(hits('#cloud-config\nbootcmd:\n  - [systemctl, stop, walinuxagent]\n  - exit 0\n  - systemctl start walinuxagent\n')).toEqual([
      ['agentDisabled', 3, 'cloud-init bootcmd runs `systemctl stop walinuxagent`'],
    ]);
    expect(hits('#cloud-config\nruncmd:\n  - test -f /var/lib/done && exit 0\n  - [systemctl, stop, walinuxagent]\n')).toEqual([
      ['agentDisabled', 4, 'cloud-init runcmd runs `systemctl stop walinuxagent`'],
    ]);
  });

  it("counts no shell assignment in code that never runs (after an exit, an exec of a command, a function's return): a variable given another value there still stands for its literal", async () => {
    const parsers = await guestParsers();
    const hits = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'shell' }).hits.map((h) => [h.fact, h.line, h.sentence]);
    const stopped = (line: number, name = 'AGENT') => [['agentDisabled', line, `the script runs \`systemctl stop "$${name}"\` with $${name} = 'walinuxagent'`]];
    for (const after of ['AGENT=cups', 'read -r AGENT', 'eval "$OVERRIDES"', 'source /etc/default/agent', 'for AGENT in cups; do :; done', 'if true; then\n  AGENT=cups\nfi']) {
      expect([after, hits(`AGENT=walinuxagent\nsystemctl stop "$AGENT"\nexit 0\n${after}`)]).toEqual([after, stopped(2)]);
    }
    expect(hits('AGENT=walinuxagent\nsystemctl stop "$AGENT"\nexec /usr/local/bin/app\nAGENT=cups')).toEqual(stopped(2));
    expect(hits('stop_agent() {\n  local UNIT=walinuxagent\n  systemctl stop "$UNIT"\n  return 0\n  UNIT=cups\n}\nstop_agent')).toEqual(stopped(3, 'UNIT'));
    expect(hits('AGENT=walinuxagent\nif [ -f /done ]; then\n  exit 0\n  AGENT=cups\nfi\nsystemctl stop "$AGENT"')).toEqual(stopped(6));
    // An exit that may not run, or ends only a subshell or the background job, leaves the later assignment counted.
    for (const end of ['[ -f /done ] && exit 0', 'exit 0 &', '( exit 0 )', 'case "$1" in stop) exit 0 ;; esac', 'return 0', 'shopt -s execfail; exec /usr/local/bin/app']) {
      expect([end, hits(`AGENT=walinuxagent\n${end}\nAGENT=cups\nsystemctl stop "$AGENT"`)]).toEqual([end, []]);
    }
  });

  it('leaves a shell variable unresolved (and silent) when it may hold anything else than one literal', async () => {
    const parsers = await guestParsers();
    const facts = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'shell' }).hits.map((h) => h.fact);
    const agent = 'AGENT=walinuxagent\n';
    expect(facts('AGENT=$(systemctl list-units | grep agent)\nsystemctl stop $AGENT')).toEqual([]);
    expect(facts('AGENT=`echo walinuxagent`\nsystemctl stop $AGENT')).toEqual([]);
    expect(facts(`${agent}AGENT=nginx\nsystemctl stop $AGENT`)).toEqual([]);
    expect(facts(`${agent}AGENT+=2\nsystemctl stop $AGENT`)).toEqual([]);
    expect(facts(`${agent}read -r AGENT\nsystemctl stop $AGENT`)).toEqual([]);
    expect(facts(`${agent}for AGENT in nginx; do :; done\nsystemctl stop $AGENT`)).toEqual([]);
    // A loop variable also assigned, over anything but literals, or read after the loop.
    expect(facts('unit=nginx\nfor unit in walinuxagent; do systemctl stop $unit; done')).toEqual([]);
    expect(facts('for unit in $UNITS; do systemctl stop $unit; done')).toEqual([]);
    expect(facts('for unit in walinux*; do systemctl stop $unit; done')).toEqual([]);
    expect(facts('for unit in {walinuxagent,x}; do systemctl stop $unit; done')).toEqual([]);
    expect(facts('for unit; do systemctl stop $unit; done')).toEqual([]);
    expect(facts('for unit in walinuxagent; do :; done\nsystemctl stop $unit')).toEqual([]);
    expect(facts(`${agent}(( AGENT = 1 ))\nsystemctl stop $AGENT`)).toEqual([]);
    expect(facts(`${agent}unset AGENT\nsystemctl stop $AGENT`)).toEqual([]);
    expect(facts(`${agent}printf -v AGENT '%s' nginx\nsystemctl stop $AGENT`)).toEqual([]);
    expect(facts(`${agent}: \${AGENT:=nginx}\nsystemctl stop $AGENT`)).toEqual([]);
    expect(facts('systemctl stop $AGENT\nAGENT=walinuxagent')).toEqual([]);
    expect(facts('set_agent() { AGENT=walinuxagent; }\nset_agent\nsystemctl stop $AGENT')).toEqual([]);
    expect(facts('(AGENT=walinuxagent)\nsystemctl stop $AGENT')).toEqual([]);
    expect(facts('AGENT=walinuxagent | true\nsystemctl stop $AGENT')).toEqual([]);
    expect(facts('AGENT=walinuxagent &\nsystemctl stop $AGENT')).toEqual([]);
    // A prefix assignment is the command's environment; its own words were expanded before it.
    expect(facts('AGENT=walinuxagent systemctl stop $AGENT')).toEqual([]);
    // Attributes that change what is stored, namerefs, a script that sources another or runs eval text.
    expect(facts('declare -u AGENT=walinuxagent\nsystemctl stop $AGENT')).toEqual([]);
    expect(facts(`${agent}declare -n ref=AGENT\nref=nginx\nsystemctl stop $AGENT`)).toEqual([]);
    expect(facts(`${agent}source /etc/profile.d/agent.sh\nsystemctl stop $AGENT`)).toEqual([]);
    expect(facts(`${agent}. ./env.sh\nsystemctl stop $AGENT`)).toEqual([]);
    expect(facts(`${agent}eval "$SETUP"\nsystemctl stop $AGENT`)).toEqual([]);
    expect(facts(`${agent}run=eval\n$run "AGENT=nginx"\nsystemctl stop $AGENT`)).toEqual([]);
    expect(facts(`${agent}\${RUN:-eval} "AGENT=nginx"\nsystemctl stop $AGENT`)).toEqual([]);
    // Environment, positional and special parameters; `\${NAME:-default}`; a tilde or an expansion in the value.
    expect(facts('systemctl stop $SERVICE "$1" $@ ${AGENT:-walinuxagent}')).toEqual([]);
    expect(facts('CONF=~/waagent.conf\necho Extensions.Enabled=n >> $CONF')).toEqual([]);
    // Unquoted, a value with blanks or glob characters is split or matched: read only inside quotes.
    expect(facts('AGENT="nginx walinuxagent"\nsystemctl stop $AGENT')).toEqual([]);
    expect(facts('AGENT="walinuxagent"\nIFS=a\nsystemctl stop $AGENT')).toEqual([]);
    expect(facts('D=/etc\necho Extensions.Enabled=n >> "$D/$F"')).toEqual([]);
  });

  it('reads a shell variable built from others (CONF="$DIR/waagent.conf", CONF=${DIR}/…) as its literal when every part stands for one there', async () => {
    const parsers = await guestParsers();
    const hits = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'shell' }).hits.map((h) => [h.fact, h.line, h.sentence]);
    const sets = (line: number) => [
      ['waagent', line, "the script sets `Extensions.Enabled=n` in /etc/waagent.conf with $CONF = '/etc/waagent.conf'"],
      ['agentDisabled', line, "the script sets `Extensions.Enabled=n` in /etc/waagent.conf with $CONF = '/etc/waagent.conf'"],
    ];
    const sed = "sed -i 's/^Extensions.Enabled=y/Extensions.Enabled=n/' \"$CONF\"";
    expect(hits(`DIR=/etc; CONF="$DIR/waagent.conf"; ${sed}`)).toEqual(sets(1));
    expect(hits(`DIR=/etc\nCONF=\${DIR}/waagent.conf\n${sed}`)).toEqual(sets(3));
    // The same literal written out and built; a local built in the function that reads it.
    expect(hits(`DIR=/etc\nCONF=/etc/waagent.conf\nCONF=$DIR/waagent.conf\n${sed}`)).toEqual(sets(4));
    expect(hits(`DIR=/etc\nedit() {\n  local CONF="$DIR/waagent.conf"\n  ${sed}\n}\nedit`)).toEqual(sets(4));
    // Chains, each link assigned before it is read.
    expect(hits('A=walinux\nB="${A}agent"\nC=$B\nsystemctl stop "$C"')).toEqual([['agentDisabled', 4, "the script runs `systemctl stop \"$C\"` with $C = 'walinuxagent'"]]);
    expect(hits('NAME=agent\nAGENT="walinux$NAME"\nsystemctl stop $AGENT')).toEqual([['agentDisabled', 3, "the script runs `systemctl stop $AGENT` with $AGENT = 'walinuxagent'"]]);
  });

  it('leaves a shell variable built from others unresolved (and silent) when a part may hold anything else than one literal', async () => {
    const parsers = await guestParsers();
    const facts = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'shell' }).hits.map((h) => h.fact);
    const sed = "sed -i 's/^Extensions.Enabled=y/Extensions.Enabled=n/' \"$CONF\"";
    // A part from a command substitution, a default, a part given another value (before or after), read before it is assigned.
    expect(facts(`DIR=$(mktemp -d)\nCONF="$DIR/waagent.conf"\n${sed}`)).toEqual([]);
    expect(facts(`CONF="$(dirname /etc/x)/waagent.conf"\n${sed}`)).toEqual([]);
    expect(facts(`CONF="\${DIR:-/etc}/waagent.conf"\n${sed}`)).toEqual([]);
    expect(facts(`DIR=/etc\nCONF="$DIR/waagent.conf"\nDIR=/tmp\n${sed}`)).toEqual([]);
    expect(facts(`DIR=/etc\nCONF="$DIR/waagent.conf"\nCONF=/tmp/waagent.conf\n${sed}`)).toEqual([]);
    expect(facts(`CONF="$DIR/waagent.conf"\nDIR=/etc\n${sed}`)).toEqual([]);
    expect(facts(`set_dir() { DIR=/etc; }\nset_dir\nCONF="$DIR/waagent.conf"\n${sed}`)).toEqual([]);
    expect(facts(`DIR=/etc\nread -r DIR\nCONF="$DIR/waagent.conf"\n${sed}`)).toEqual([]);
    // A loop's variable (the loop is unrolled, the assignment is not), a cycle, a part that is itself its own reassignment.
    expect(facts(`for d in /etc; do\n  CONF="$d/waagent.conf"\n  ${sed}\ndone`)).toEqual([]);
    expect(facts('A=$B\nB=$A\nsystemctl stop "$A"')).toEqual([]);
    expect(facts('A=walinux\nA="${A}agent"\nsystemctl stop "$A"')).toEqual([]);
  });

  it('bounds a chain of shell variables built from others: a doubling chain 30 deep and 20,000 links take well under seconds, a value past 4 KiB stands for nothing', async () => {
    const parsers = await guestParsers();
    const read = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'shell' });
    let started = Date.now();
    const doubling = Array.from({ length: 30 }, (_, i) => `V${i + 1}="$V${i}$V${i}"`).join('\n');
    // V9 is 'walinuxagent' repeated 512 times (6 KiB): past the cap, so even a unit built from it is not read.
    const doubled = read(`V0=walinuxagent\n${doubling}\nsystemctl stop "$V30" "$V9"`);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(doubled.hits).toEqual([]);
    started = Date.now();
    const chain = Array.from({ length: 20000 }, (_, i) => `V${i + 1}=$V${i}`).join('\n');
    const long = read(`V0=walinuxagent\n${chain}\nsystemctl stop "$V20000"`);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(long.hits.map((h) => h.sentence)).toEqual(["the script runs `systemctl stop \"$V20000\"` with $V20000 = 'walinuxagent'"]);
  }, 60_000);

  it('resolves shell variables in one pass over the tree: 600 reads 300 subshells deep, a script of 20,000 variables and loops nested over a large body take seconds at most', async () => {
    const parsers = await guestParsers();
    const read = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'shell' });
    let started = Date.now();
    const deep = read(`AGENT=walinuxagent\n${'( '.repeat(300)}${'systemctl stop "$AGENT"\n'.repeat(600)}${' )'.repeat(300)}`);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(deep.hits).toHaveLength(200);
    expect(deep.hits[0]!.sentence).toBe("the script runs `systemctl stop \"$AGENT\"` with $AGENT = 'walinuxagent'");
    started = Date.now();
    const wide = read(Array.from({ length: 20000 }, (_, i) => `V${i}=x${i}; echo $V${i} "\${V${i}}" >> /tmp/$V${i}`).join('\n'));
    expect(Date.now() - started).toBeLessThan(8000);
    expect(wide.hits).toEqual([]);
    // Loops nested over a large body are unrolled within a budget, then read once.
    const words = Array.from({ length: 16 }, (_, i) => `u${i}`).join(' ');
    started = Date.now();
    const loops = read(`for a in ${words}; do for b in ${words}; do\n${'systemctl stop "$a" "$b" walinuxagent\n'.repeat(5000)}done; done`);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(loops.hits.length).toBeGreaterThan(0);
  }, 60_000);

  it('reads a PowerShell script block stored in a variable only when the script uses the variable', async () => {
    const parsers = await guestParsers();
    const facts = (text: string) => readGuestText(parsers, { label: 'script', text, at: { file: 'x.json' }, base64: false, language: 'powershell' }).hits.map((h) => h.fact);
    const block = '$disable = { Set-Service WindowsAzureGuestAgent -StartupType Disabled }\n';
    expect(facts(block)).toEqual([]);
    expect(facts(`${block}# & $disable\n$disable = $null`)).toEqual([]);
    expect(facts('function Get-Blocks { $disable = { Stop-Service WindowsAzureGuestAgent } }\nGet-Blocks')).toEqual([]);
    for (const use of ['& $disable', '. $disable', '$disable.Invoke()', 'Invoke-Command -ScriptBlock $disable', 'Start-Job -ScriptBlock $disable', '& ${Disable}', 'Register-ScheduledJob -Name x -ScriptBlock $disable', '& (Get-Variable disable -ValueOnly)']) {
      expect([use, facts(`${block}${use}`)]).toEqual([use, ['agentDisabled']]);
    }
    // Blocks that are not stored in a plain variable are read as before.
    expect(facts('$blocks = @{ disable = { Set-Service WindowsAzureGuestAgent -StartupType Disabled } }')).toEqual(['agentDisabled']);
    expect(facts('& { Set-Service WindowsAzureGuestAgent -StartupType Disabled }')).toEqual(['agentDisabled']);
  });

  it("takes a waagent proxy's port from another line of the same text that writes HttpProxy.Port", async () => {
    const facts = await guestOf('BL101/valid/arm-scale-set-proxy-in-extension.json');
    const proxies = facts.get('app-vmss')!.proxies as GuestProxy[];
    expect(proxies.map((p) => [p.scope, p.host, p.port])).toEqual([['waagent', '10.0.1.50', 3128]]);
  });

  it('gives each proxy its scope, host and port with the guest line as evidence (read by the egress rules)', async () => {
    const facts = await guestOf('analysis/guest/facts.json');
    const linux = facts.get('proxy-linux')!.proxies as GuestProxy[];
    expect(linux.map((p) => [p.scope, p.host, p.port, p.observation.line, p.observation.guestFile])).toEqual([
      ['waagent', '10.0.0.5', 3128, 6, '/etc/waagent.conf'],
      ['environment', '10.0.0.5', 3128, 11, '/etc/environment'],
    ]);
    expect(linux[0]!.observation.text).toBe('cloud-init appends `HttpProxy.Host=10.0.0.5` to /etc/waagent.conf (line 6 of the decoded osProfile.customData)');
    const windows = facts.get('sql-win')!.proxies as GuestProxy[];
    expect(windows.map((p) => [p.scope, p.host, p.port])).toEqual([
      ['winhttp', '10.0.0.6', 8080],
      ['localsystem', '10.0.0.7', 3128],
    ]);
    expect(facts.get('proxy-linux')!.waagentSettings).toEqual([
      expect.objectContaining({ key: 'HttpProxy.Host', value: '10.0.0.5' }),
      expect.objectContaining({ key: 'HttpProxy.Port', value: '3128' }),
    ]);
  });

  it('records USEVSSCOPYBACKUP=TRUE under BCDRAGENT (read by the SQL rule), null on a VM that does not set it', async () => {
    const facts = await guestOf('analysis/guest/facts.json');
    const vss = facts.get('sql-win')!.vssCopyBackup as GuestObservation;
    expect(vss.property).toBe('protectedSettings.commandToExecute of extension sql-win/setup');
    expect(vss.quote).toContain("reg add 'HKLM\\SOFTWARE\\Microsoft\\BCDRAGENT' /v USEVSSCOPYBACKUP");
    expect(facts.get('proxy-linux')!.vssCopyBackup).toBeNull();
  });

  it('makes the facts Unknown with the reason when the text is not base64, inflates past the gzip cap or does not parse', async () => {
    const facts = await guestOf('analysis/guest/bad-input.json');
    const reason = (name: string) => {
      const value = facts.get(name)!.agentDisabled;
      return isUnknown(value) ? value.reason : value;
    };
    expect(reason('not-base64')).toBe('the decoded osProfile.customData: osProfile.customData is not valid base64');
    expect(reason('gzip-bomb')).toBe('the decoded osProfile.customData: osProfile.customData inflates beyond 1 MiB (gzip cap); not read');
    expect(reason('broken-script')).toMatch(/^the decoded osProfile.customData: the shell script does not parse \(line \d\)/);
  });

  it('quotes a hostile guest line short, with control characters escaped', async () => {
    const facts = await guestOf('analysis/guest/bad-input.json');
    const [hit] = facts.get('hostile-line')!.agentDisabled as GuestObservation[];
    expect(hit!.quote.length).toBeLessThanOrEqual(120);
    expect(hit!.quote).toContain('\\u001b[31m');
    expect(hit!.quote).not.toContain('\u001b');
  });

  it('lets the other rules go on over bad guest text, and says so in --explain', async () => {
    const { report } = await runJson(['analysis/guest/bad-input.json']);
    expect(report.findings.map((f) => `${f.ruleId} ${f.resource?.name}`).sort()).toEqual(['BL201 gzip-bomb', 'BL201 not-base64', 'BL203 hostile-line']);
    const explain = (await runCli(['--explain', 'analysis/guest/bad-input.json'])).stdout;
    expect(explain).toContain('VM gzip-bomb: osProfile.customData (analysis/guest/bad-input.json:');
    expect(explain).toContain('inflates beyond 1 MiB (gzip cap); not read');
  });
});

describe('guest text read from files by file() / templatefile()', () => {
  it('points the observation at the line of the template, its interpolations matched as wildcards', async () => {
    const facts = await guestOf('BL203/invalid/tf-templatefile');
    const [hit] = facts.get('azurerm_windows_virtual_machine.app')!.agentDisabled as GuestObservation[];
    expect(hit!.at).toEqual({ file: 'BL203/invalid/tf-templatefile/setup.ps1.tpl', line: 3, column: 1 });
    expect(hit!.text).toBe('the script runs `Set-Service -Name RdAgent -StartupType Disabled` (line 3 of BL203/invalid/tf-templatefile/setup.ps1.tpl)');
  });

  it('reports BL203 at the script line that reads $_ (also in -Process) or a variable built from others or from itself, with the value in the message (end to end)', async () => {
    const { report } = await runJson(['BL203/invalid/tf-file-foreach-object', 'BL203/invalid/tf-file-foreach-statement', 'BL203/invalid/tf-file-foreach-object-process', 'BL203/invalid/tf-file-derived-variable', 'BL203/invalid/tf-file-shell-derived-variable', 'BL203/invalid/tf-file-variable-self-assigned', 'BL203/invalid/tf-file-foreach-object-derived', 'BL203/invalid/tf-file-foreach-derived']);
    const vm = (os: string, file: string, line: number, runs: string) =>
      `VM 'azurerm_${os}_virtual_machine.app': the script ${runs} (line ${line} of BL203/invalid/${file}). This stops or disables the VM agent`;
    expect(report.findings.map((f) => [f.ruleId, f.file, f.line, f.message.split('. This')[0] + '. This stops or disables the VM agent'])).toEqual([
      ['BL203', 'BL203/invalid/tf-file-derived-variable/setup.ps1', 5, vm('windows', 'tf-file-derived-variable/setup.ps1', 5, "runs `Set-ItemProperty -Path $agentKey -Name Start -Value 4` with $agentKey = 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\WindowsAzureGuestAgent'")],
      ['BL203', 'BL203/invalid/tf-file-foreach-derived/setup.ps1', 5, vm('windows', 'tf-file-foreach-derived/setup.ps1', 5, "runs `Set-Service -Name $name -StartupType Disabled` with $name = 'WindowsAzureGuestAgent'")],
      ['BL203', 'BL203/invalid/tf-file-foreach-object-derived/setup.ps1', 5, vm('windows', 'tf-file-foreach-object-derived/setup.ps1', 5, "runs `Set-ItemProperty -Path $key -Name Start -Value 4` with $key = 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\WindowsAzureGuestAgent'")],
      ['BL203', 'BL203/invalid/tf-file-foreach-object-process/setup.ps1', 6, vm('windows', 'tf-file-foreach-object-process/setup.ps1', 6, "runs `Set-Service -Name $_ -StartupType Disabled` with $_ = 'WindowsAzureGuestAgent'")],
      ['BL203', 'BL203/invalid/tf-file-foreach-object/setup.ps1', 5, vm('windows', 'tf-file-foreach-object/setup.ps1', 5, "runs `Set-Service -Name $_ -StartupType Disabled` with $_ = 'WindowsAzureGuestAgent'")],
      ['BL203', 'BL203/invalid/tf-file-foreach-statement/setup.ps1', 4, vm('windows', 'tf-file-foreach-statement/setup.ps1', 4, "runs `Set-Service -Name $service -StartupType Disabled` with $service = 'WindowsAzureGuestAgent'")],
      ['BL203', 'BL203/invalid/tf-file-shell-derived-variable/init.sh', 5, vm('linux', 'tf-file-shell-derived-variable/init.sh', 5, "sets `Extensions.Enabled=n` in /etc/waagent.conf with $CONF = '/etc/waagent.conf'")],
      ['BL203', 'BL203/invalid/tf-file-variable-self-assigned/setup.ps1', 5, vm('windows', 'tf-file-variable-self-assigned/setup.ps1', 5, "runs `Stop-Service -Name $agent -Force` with $agent = 'WindowsAzureGuestAgent'")],
    ]);
    const valid = await runJson(['BL203/valid/tf-file-foreach-object-filtered', 'BL203/valid/tf-file-foreach-statement-filtered', 'BL203/valid/tf-file-foreach-object-process-restarted', 'BL203/valid/tf-file-variable-self-assigned-changed', 'BL203/valid/tf-file-foreach-copy-after-loop', 'BL203/valid/tf-file-foreach-object-if-filtered', 'BL203/valid/tf-file-derived-from-command', 'BL203/valid/tf-file-shell-derived-from-command']);
    expect(valid.report.findings).toEqual([]);
  });

  it('reports BL203 at a stop whose start after an exit never runs, and nothing for commands after an exit (PowerShell and bash, end to end)', async () => {
    const { report } = await runJson(['BL203/invalid/tf-file-stop-before-exit', 'BL203/invalid/tf-file-shell-stop-before-exit']);
    const vm = (os: string, file: string, line: number, runs: string) =>
      `VM 'azurerm_${os}_virtual_machine.app': the script runs \`${runs}\` (line ${line} of BL203/invalid/${file}). This stops or disables the VM agent`;
    expect(report.findings.map((f) => [f.ruleId, f.file, f.line, f.message.split('. This')[0] + '. This stops or disables the VM agent'])).toEqual([
      ['BL203', 'BL203/invalid/tf-file-shell-stop-before-exit/init.sh', 2, vm('linux', 'tf-file-shell-stop-before-exit/init.sh', 2, 'systemctl stop walinuxagent')],
      ['BL203', 'BL203/invalid/tf-file-stop-before-exit/setup.ps1', 2, vm('windows', 'tf-file-stop-before-exit/setup.ps1', 2, 'Stop-Service -Name WindowsAzureGuestAgent -Force')],
    ]);
    const valid = await runJson(['BL203/valid/tf-file-after-exit', 'BL203/valid/tf-file-shell-after-exit']);
    expect(valid.report.findings).toEqual([]);
  });

  it('reports BL203 at a shell stop that reads a variable given another literal only after the exit, with its value in the message (end to end)', async () => {
    const { report } = await runJson(['BL203/invalid/tf-file-shell-variable-after-exit']);
    expect(report.findings.map((f) => [f.ruleId, f.file, f.line, f.message.split('. This')[0]])).toEqual([
      [
        'BL203',
        'BL203/invalid/tf-file-shell-variable-after-exit/init.sh',
        3,
        "VM 'azurerm_linux_virtual_machine.app': the script runs `systemctl stop \"$UNIT\"` with $UNIT = 'walinuxagent' (line 3 of BL203/invalid/tf-file-shell-variable-after-exit/init.sh)",
      ],
    ]);
  });

  it('reports BL203 at the line that reads $_ in ForEach-Object -ThrottleLimit 2 -Parallel { … } and -Process {a},{b}, with the value in the message (end to end)', async () => {
    const { report } = await runJson(['BL203/invalid/tf-file-foreach-object-parallel-throttled', 'BL203/invalid/tf-file-foreach-object-process-array']);
    expect(report.findings.map((f) => [f.ruleId, f.file, f.line, f.message.split('. This')[0]])).toEqual([
      [
        'BL203',
        'BL203/invalid/tf-file-foreach-object-parallel-throttled/setup.ps1',
        4,
        "VM 'azurerm_windows_virtual_machine.app': the script runs `Stop-Service -Name $_ -Force` with $_ = 'WindowsAzureGuestAgent' (line 4 of BL203/invalid/tf-file-foreach-object-parallel-throttled/setup.ps1)",
      ],
      [
        'BL203',
        'BL203/invalid/tf-file-foreach-object-process-array/setup.ps1',
        3,
        "VM 'azurerm_windows_virtual_machine.app': the script runs `Set-Service -Name $_ -StartupType Disabled` with $_ = 'RdAgent' (line 3 of BL203/invalid/tf-file-foreach-object-process-array/setup.ps1)",
      ],
    ]);
  });

  it('reports BL203 at the line that reads $_ in ForEach-Object -Parallel { … } -ThrottleLimit 5 -AsJob (parameters after the block), nothing for a filtered list, and reads a throttle limit in a variable as before (end to end)', async () => {
    const { report } = await runJson(['BL203/invalid/tf-file-foreach-object-parallel-trailing']);
    expect(report.findings.map((f) => [f.ruleId, f.file, f.line, f.message.split('. This')[0]])).toEqual([
      [
        'BL203',
        'BL203/invalid/tf-file-foreach-object-parallel-trailing/setup.ps1',
        4,
        "VM 'azurerm_windows_virtual_machine.app': the script runs `Stop-Service -Name $_ -Force` with $_ = 'WindowsAzureGuestAgent' (line 4 of BL203/invalid/tf-file-foreach-object-parallel-trailing/setup.ps1)",
      ],
    ]);
    const filtered = 'BL203/valid/tf-file-foreach-object-parallel-trailing-filtered';
    const limitVariable = 'BL203/valid/tf-file-foreach-object-parallel-limit-variable';
    expect((await runJson([filtered, limitVariable])).report.findings).toEqual([]);
    // The filtered list's script is read (its facts known); the one whose limit is a variable is not, as before.
    const explain = (await runCli(['--explain', filtered, limitVariable])).stdout;
    expect(explain).not.toContain(`${filtered}/main.tf  azurerm_windows_virtual_machine.app: the decoded custom_data`);
    expect(explain).toContain(`BL203  ${limitVariable}/main.tf  azurerm_windows_virtual_machine.app: the decoded custom_data: the PowerShell script does not parse (line 3); commands outside the error were read`);
  });

  it('reports BL203 at a batch disable in a label a call reaches whose enable after goto :eof never runs, and nothing for batch lines after exit /b (cmd, end to end)', async () => {
    const { report } = await runJson(['BL203/invalid/tf-file-cmd-called-label']);
    expect(report.findings.map((f) => [f.ruleId, f.file, f.line, f.message.split('. This')[0]])).toEqual([
      [
        'BL203',
        'BL203/invalid/tf-file-cmd-called-label/setup.txt',
        7,
        "VM 'azurerm_windows_virtual_machine.app': the command runs `sc config WindowsAzureGuestAgent start= disabled` (line 7 of BL203/invalid/tf-file-cmd-called-label/setup.txt)",
      ],
    ]);
    const valid = await runJson(['BL203/valid/tf-file-cmd-after-exit']);
    expect(valid.report.findings).toEqual([]);
  });

  it('never decides on an unknown template variable: `systemctl stop ${service}` leaves agentDisabled Unknown', async () => {
    const facts = await guestOf('analysis/guest/tf-wildcard');
    const fact = facts.get('azurerm_linux_virtual_machine.app')!.agentDisabled;
    expect(isUnknown(fact) && fact.kind).toBe('deploy-time-input');
    // The known text around the variable was read as a script: only the unknown part is undecided.
    expect(facts.get('azurerm_linux_virtual_machine.app')!.texts[0]!.read).toBe('shell');
  });
});

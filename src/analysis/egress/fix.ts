import type { NsgNode } from '../../model/domain';
import { isUnknown } from '../../model/unknown';

export interface AllowTarget {
  name: string;
  destination: string;
  port: number;
}

const STORAGE_443: AllowTarget = { name: 'Allow_Storage_443', destination: 'Storage', port: 443 };

/**
 * The outbound rule that lets backup reach Azure Storage, with the highest free priority below the deny's (so it
 * is evaluated first), written in the format of the NSG's file. Undefined priority: nothing is free below the deny.
 */
export function allowRule(nsg: NsgNode, denyPriority: number, target: AllowTarget = STORAGE_443): string {
  const { name, destination, port } = target;
  const used = new Set<number>();
  if (!isUnknown(nsg.rules)) for (const rule of nsg.rules) if (rule.direction === 'Outbound' && typeof rule.priority === 'number') used.add(rule.priority);
  let priority = denyPriority - 1;
  while (priority >= 100 && used.has(priority)) priority--;
  if (priority < 100) return `No priority is free below ${denyPriority} in NSG ${nsg.label}: move the deny rule to a higher number, then add an outbound Allow rule for TCP ${port} to ${destination} before it.`;
  const lead = `Add this outbound rule to NSG ${nsg.label} (priority ${priority}, evaluated before the deny at ${denyPriority}):`;
  switch (nsg.format) {
    case 'tf':
    case 'tfplan':
      return `${lead}

  security_rule {
    name                       = "${name}"
    priority                   = ${priority}
    direction                  = "Outbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "${port}"
    source_address_prefix      = "VirtualNetwork"
    destination_address_prefix = "${destination}"
  }

(or the same as an azurerm_network_security_rule resource when the NSG's rules are separate resources)`;
    case 'bicep-json':
      return `${lead}

  {
    name: '${name}'
    properties: {
      priority: ${priority}
      direction: 'Outbound'
      access: 'Allow'
      protocol: 'Tcp'
      sourcePortRange: '*'
      destinationPortRange: '${port}'
      sourceAddressPrefix: 'VirtualNetwork'
      destinationAddressPrefix: '${destination}'
    }
  }`;
    default:
      return `${lead}

  {
    "name": "${name}",
    "properties": {
      "priority": ${priority},
      "direction": "Outbound",
      "access": "Allow",
      "protocol": "Tcp",
      "sourcePortRange": "*",
      "destinationPortRange": "${port}",
      "sourceAddressPrefix": "VirtualNetwork",
      "destinationAddressPrefix": "${destination}"
    }
  }`;
  }
}

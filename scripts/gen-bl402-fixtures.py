import json, os, sys
base = sys.argv[1]

def policy(name, time, tz, freq='Daily', v2=None):
    props = {"backupManagementType": "AzureIaasVM",
             "schedulePolicy": {"schedulePolicyType": "SimpleSchedulePolicy", "scheduleRunFrequency": freq,
                                "scheduleRunTimes": [f"2024-01-01T{time}:00Z"]},
             "retentionPolicy": {"retentionPolicyType": "LongTermRetentionPolicy",
                                 "dailySchedule": {"retentionTimes": [f"2024-01-01T{time}:00Z"], "retentionDuration": {"count": 7, "durationType": "Days"}}}}
    if tz is not None: props["timeZone"] = tz
    if v2: props["policyType"] = "V2"; props["schedulePolicy"] = v2
    return {"type": "Microsoft.RecoveryServices/vaults/backupPolicies", "apiVersion": "2023-04-01",
            "name": f"[concat('rsv', '/', '{name}')]", "location": "westeurope",
            "dependsOn": ["[resourceId('Microsoft.RecoveryServices/vaults', 'rsv')]"], "properties": props}

def vault_template(policies):
    return {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
            "resources": [{"type": "Microsoft.RecoveryServices/vaults", "apiVersion": "2023-04-01", "name": "rsv", "location": "westeurope",
                           "sku": {"name": "RS0", "tier": "Standard"}, "properties": {}}] + policies}

def vm_template(count, policy_expr):
    return {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
      "resources": [
        {"type": "Microsoft.Compute/availabilitySets", "apiVersion": "2024-07-01", "name": "app-as", "location": "westeurope",
         "sku": {"name": "Aligned"}, "properties": {"platformFaultDomainCount": 2, "platformUpdateDomainCount": 5}},
        {"type": "Microsoft.Compute/virtualMachines", "apiVersion": "2024-07-01", "name": "[concat('app-', copyIndex())]", "location": "westeurope",
         "copy": {"name": "vms", "count": count},
         "properties": {"hardwareProfile": {"vmSize": "Standard_D2s_v5"},
                        "availabilitySet": {"id": "[resourceId('Microsoft.Compute/availabilitySets', 'app-as')]"},
                        "osProfile": {"computerName": "[concat('app-', copyIndex())]", "adminUsername": "azureuser", "linuxConfiguration": {"provisionVMAgent": True}}}},
        {"type": "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems", "apiVersion": "2023-04-01",
         "name": "[concat('rsv/Azure/iaasvmcontainer;iaasvmcontainerv2;', resourceGroup().name, ';app-', copyIndex(), '/vm;iaasvmcontainerv2;', resourceGroup().name, ';app-', copyIndex())]",
         "copy": {"name": "items", "count": count},
         "dependsOn": ["[resourceId('Microsoft.Compute/virtualMachines', concat('app-', copyIndex()))]"],
         "properties": {"protectedItemType": "Microsoft.Compute/virtualMachines",
                        "policyId": f"[resourceId('Microsoft.RecoveryServices/vaults/backupPolicies', 'rsv', {policy_expr})]",
                        "sourceResourceId": "[resourceId('Microsoft.Compute/virtualMachines', concat('app-', copyIndex()))]"}}]}

def case(kind, name, policies, policy_expr, count=12):
    d = os.path.join(base, kind, name); os.makedirs(d, exist_ok=True)
    json.dump(vault_template(policies), open(os.path.join(d, 'vault.json'), 'w'), indent=2)
    json.dump(vm_template(count, policy_expr), open(os.path.join(d, 'vms.json'), 'w'), indent=2)

half = "if(less(copyIndex(), 6), 'early', 'late')"
case('invalid', 'arm-twelve-at-2200-utc', [policy('nightly', '22:00', 'UTC')], "'nightly'")
case('invalid', 'arm-2200-utc-and-1430-pacific', [policy('early', '22:00', 'UTC'), policy('late', '14:30', 'Pacific Standard Time')], half)
case('invalid', 'arm-2200-utc-and-1400-pacific-winter', [policy('early', '22:00', 'UTC'), policy('late', '14:00', 'Pacific Standard Time')], half)
case('valid', 'arm-split-2200-and-2330-utc', [policy('early', '22:00', 'UTC'), policy('late', '23:30', 'UTC')], half)
case('valid', 'arm-2200-utc-and-2200-tokyo', [policy('early', '22:00', 'UTC'), policy('late', '22:00', 'Tokyo Standard Time')], half)
case('valid', 'arm-ten-at-2200-utc', [policy('nightly', '22:00', 'UTC')], "'nightly'", count=10)
case('valid', 'arm-unknown-time-zone', [policy('nightly', '22:00', 'Atlantis Standard Time')], "'nightly'")
hourly = {"schedulePolicyType": "SimpleSchedulePolicyV2", "scheduleRunFrequency": "Hourly",
          "hourlySchedule": {"interval": 4, "scheduleWindowStartTime": "2024-01-01T08:00:00Z", "scheduleWindowDuration": 12}}
# V2 hourly 08:00+4h x 12h → 08:00, 12:00, 16:00 UTC; the daily one at 16:30 meets the 16:00 start.
case('invalid', 'arm-v2-hourly-meets-daily', [policy('early', '08:00', 'UTC', v2=hourly), policy('late', '16:30', 'UTC')], half)
case('valid', 'arm-v2-hourly-misses-daily', [policy('early', '08:00', 'UTC', v2=hourly), policy('late', '18:00', 'UTC')], half)

import { ruleDoc } from './rule-doc';
import { catalogue } from '../policy/catalogue';
import { loadBuiltinPolicies } from '../policy/load';

/** docs/rules/<id>.md → its text, for every built-in rule (what `npm run docs:rules` writes and the test compares). */
export function ruleDocFiles(): Map<string, string> {
  return new Map(catalogue(loadBuiltinPolicies()).map((rule) => [`${rule.id}.md`, ruleDoc(rule)]));
}
